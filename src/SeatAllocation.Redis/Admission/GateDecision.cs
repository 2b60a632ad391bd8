namespace SeatAllocation.Redis.Admission;

/// <summary>The gate's answer to one request.</summary>
/// <param name="Kind">What the gate decided.</param>
/// <param name="Token">The admission's token when admitted: what compensation or commit refers to.</param>
/// <param name="TakenSeatIds">The requested seats held by others, when <see cref="GateDecisionKind.Taken"/>.</param>
/// <param name="ChosenSeatIds">
/// The seats Redis chose and leased for a quantity or best-available request on a seated show, when
/// admitted; <see langword="null"/> when the request named its seats or the show is general admission.
/// </param>
/// <param name="Together">Whether <paramref name="ChosenSeatIds"/> are one block of adjacent seats in one row.</param>
internal sealed record GateDecision(GateDecisionKind Kind, string? Token = null, IReadOnlyList<string>? TakenSeatIds = null, IReadOnlyList<string>? ChosenSeatIds = null, bool Together = false)
{
    public static readonly GateDecision NotEnoughTogether = new(GateDecisionKind.NotEnoughTogether);

    public static readonly GateDecision SoldOut = new(GateDecisionKind.SoldOut);

    public static readonly GateDecision KnownRequest = new(GateDecisionKind.KnownRequest);

    public static readonly GateDecision Bypass = new(GateDecisionKind.Bypass);
}
