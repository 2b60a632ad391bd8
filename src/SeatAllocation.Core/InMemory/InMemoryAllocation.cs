namespace SeatAllocation.InMemory;

/// <summary>One hold or booking and the request that made it. Mutated only under its show's lock.</summary>
internal sealed class InMemoryAllocation(Allocation original, string fingerprint)
{
    /// <summary>The allocation as first granted; replays of its request return exactly this.</summary>
    public Allocation Original { get; } = original;

    /// <summary>The operation and payload of the request that made it, to tell replays from reused keys.</summary>
    public string Fingerprint { get; } = fingerprint;

    public InMemoryAllocationState State { get; set; } = original.Kind == AllocationKind.Hold ? InMemoryAllocationState.Held : InMemoryAllocationState.Booked;

    public string Id => Original.Id;

    public bool IsLive => State is InMemoryAllocationState.Held or InMemoryAllocationState.Booked;

    public bool BelongsTo(string? userId) => userId is null || userId == Original.UserId;

    public Allocation AsBooking() => Original with { Kind = AllocationKind.Booking, ExpiresAt = null };
}
