namespace SeatAllocation.Redis.Admission;

/// <summary>The gate's answer to one request.</summary>
/// <param name="Kind">What the gate decided.</param>
/// <param name="Token">The admission's token when admitted: what compensation or commit refers to.</param>
/// <param name="TakenSeatIds">The requested seats held by others, when <see cref="GateDecisionKind.Taken"/>.</param>
internal sealed record GateDecision(GateDecisionKind Kind, string? Token = null, IReadOnlyList<string>? TakenSeatIds = null)
{
    public static readonly GateDecision SoldOut = new(GateDecisionKind.SoldOut);

    public static readonly GateDecision KnownRequest = new(GateDecisionKind.KnownRequest);

    public static readonly GateDecision Bypass = new(GateDecisionKind.Bypass);
}
