namespace SeatAllocation.Postgres.Storage;

/// <summary>The <c>allocations.state</c> column: a hold is held, then booked, released or expired; a booking is booked, then cancelled.</summary>
internal enum AllocationState
{
    Held,
    Booked,
    Released,
    Expired,
    Cancelled,
}
