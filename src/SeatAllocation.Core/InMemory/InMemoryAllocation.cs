namespace SeatAllocation.InMemory;

/// <summary>One hold or booking and the request that made it. Mutated only under its show's lock.</summary>
internal sealed class InMemoryAllocation(Allocation original, string fingerprint, DateTimeOffset createdAt)
{
    /// <summary>The allocation as granted (with its latest expiry, once extended); replays of its request return this.</summary>
    public Allocation Original { get; private set; } = original;

    /// <summary>The operation and payload of the request that made it, to tell replays from reused keys.</summary>
    public string Fingerprint { get; } = fingerprint;

    /// <summary>When it was made: a hold's life, which the show may cap, counts from here.</summary>
    public DateTimeOffset CreatedAt { get; } = createdAt;

    public InMemoryAllocationState State { get; set; } = original.Kind == AllocationKind.Hold ? InMemoryAllocationState.Held : InMemoryAllocationState.Booked;

    public string Id => Original.Id;

    public bool IsLive => State is InMemoryAllocationState.Held or InMemoryAllocationState.Booked;

    public bool BelongsTo(string? userId) => userId is null || userId == Original.UserId;

    public Allocation AsBooking() => Original with { Kind = AllocationKind.Booking, ExpiresAt = null };

    public void ExpireAt(DateTimeOffset expiresAt) => Original = Original with { ExpiresAt = expiresAt };
}
