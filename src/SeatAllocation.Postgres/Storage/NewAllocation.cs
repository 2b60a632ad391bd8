using SeatAllocation.Postgres.Batches;

namespace SeatAllocation.Postgres.Storage;

/// <summary>An allocation about to be written by the optimistic strategy: the request, the seats chosen for it, and when it expires.</summary>
internal sealed class NewAllocation(AllocationCommand command, DateTimeOffset now, IReadOnlyList<string> seatIds)
{
    public AllocationCommand Command { get; } = command;

    public AllocationRequest Request { get; } = command.Request!;

    public DateTimeOffset Now { get; } = now;

    /// <summary>
    /// When a hold expires, in whole microseconds as PostgreSQL stores it (Npgsql drops the rest), so the
    /// hold this strategy answers is the one a replay, an extension or any other strategy reads back.
    /// </summary>
    public DateTimeOffset? ExpiresAt { get; } = now + command.HoldDuration is { } expiresAt
        ? expiresAt.AddTicks(-(expiresAt.UtcTicks % TimeSpan.TicksPerMicrosecond))
        : null;

    public bool IsHold => ExpiresAt is not null;

    /// <summary>The seats granted: the requested ones, or those picked for a quantity request; empty for general admission.</summary>
    public IReadOnlyList<string> SeatIds { get; } = seatIds;

    /// <summary>The same allocation with the seats picked for a quantity request.</summary>
    public NewAllocation WithSeats(IReadOnlyList<string> seatIds) => new(Command, Now, seatIds);

    public Allocation ToAllocation() => new(
        Command.AllocationId.ToString("N"), Request.ShowId, Request.UserId, IsHold ? AllocationKind.Hold : AllocationKind.Booking, SeatIds, Request.Quantity, ExpiresAt);
}
