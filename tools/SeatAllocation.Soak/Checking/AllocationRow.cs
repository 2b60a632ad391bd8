namespace SeatAllocation.Soak.Checking;

/// <summary>A row of a strategy's <c>allocations</c> table at the end of the run.</summary>
public sealed record AllocationRow(
    string Strategy,
    string ShowId,
    string AllocationId,
    string RequestId,
    string Kind,
    string State,
    IReadOnlyList<string> SeatIds,
    int Quantity,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset CreatedAt)
{
    /// <summary>Whether it holds its seats at <paramref name="now"/>: booked, or held and not expired.</summary>
    public bool IsLiveAt(DateTimeOffset now) => State == "booked" || (State == "held" && ExpiresAt > now);
}
