namespace SeatAllocation.Postgres.Batches;

/// <summary>What one request of a batch does; the values are the codes <c>apply_batch</c> reads.</summary>
internal enum AllocationOperation : short
{
    Hold = 1,
    Book = 2,
    Confirm = 3,
    Release = 4,
    Cancel = 5,
    Extend = 6,
}
