namespace SeatAllocation.Soak.Checking;

/// <summary>The shows and allocations of every strategy's database, read after the run, and the database's clock then.</summary>
public sealed record DatabaseSnapshot(DateTimeOffset Now, IReadOnlyList<ShowRow> Shows, IReadOnlyList<AllocationRow> Allocations);
