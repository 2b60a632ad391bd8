namespace SeatAllocation.InMemory;

/// <summary>The life cycle of a hold or booking: held → booked | released | expired; booked → cancelled.</summary>
internal enum InMemoryAllocationState
{
    Held,
    Booked,
    Released,
    Expired,
    Cancelled,
}
