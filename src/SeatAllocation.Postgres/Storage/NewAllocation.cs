using SeatAllocation.Postgres.Batches;

namespace SeatAllocation.Postgres.Storage;

/// <summary>An allocation about to be written by the optimistic strategy: the request, the seats chosen for it, and when it expires.</summary>
internal sealed class NewAllocation(AllocationCommand command, DateTimeOffset now, IReadOnlyList<string> seatIds)
{
    public AllocationCommand Command { get; } = command;

    public AllocationRequest Request { get; } = command.Request!;

    public DateTimeOffset Now { get; } = now;

    public DateTimeOffset? ExpiresAt { get; } = now + command.HoldDuration;

    public bool IsHold => ExpiresAt is not null;

    /// <summary>The seats granted: the requested ones, or those picked for a quantity request; empty for general admission.</summary>
    public IReadOnlyList<string> SeatIds { get; } = seatIds;

    /// <summary>The same allocation with the seats picked for a quantity request.</summary>
    public NewAllocation WithSeats(IReadOnlyList<string> seatIds) => new(Command, Now, seatIds);

    public Allocation ToAllocation() => new(
        Command.AllocationId.ToString("N"), Request.ShowId, Request.UserId, IsHold ? AllocationKind.Hold : AllocationKind.Booking, SeatIds, Request.Quantity, ExpiresAt);
}
