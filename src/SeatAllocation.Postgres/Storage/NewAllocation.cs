namespace SeatAllocation.Postgres.Storage;

/// <summary>An allocation about to be written: the request, the seats chosen for it, and when it expires.</summary>
internal sealed class NewAllocation(AllocationRequest request, DateTimeOffset now, DateTimeOffset? expiresAt)
{
    public Guid Id { get; } = Guid.NewGuid();

    public AllocationRequest Request { get; } = request;

    public DateTimeOffset Now { get; } = now;

    public DateTimeOffset? ExpiresAt { get; } = expiresAt;

    public bool IsHold => ExpiresAt is not null;

    /// <summary>The operation and payload, so a replay as a hold of an earlier booking is a reused key.</summary>
    public string Fingerprint => (IsHold ? "hold;" : "book;") + Request.Fingerprint;

    /// <summary>The seats granted: the requested ones, or those picked for a quantity request.</summary>
    public string[] SeatIds { get; set; } = [.. request.SeatIds];

    public Allocation ToAllocation() => new(
        Id.ToString("N"), Request.ShowId, Request.UserId, IsHold ? AllocationKind.Hold : AllocationKind.Booking, SeatIds, Request.Quantity, ExpiresAt);
}
