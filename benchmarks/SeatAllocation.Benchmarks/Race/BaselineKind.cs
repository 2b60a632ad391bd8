namespace SeatAllocation.Benchmarks.Race;

/// <summary>Which pgbench baseline a scenario's throughput is compared with.</summary>
internal enum BaselineKind
{
    /// <summary>One hot row: <c>SELECT … FOR UPDATE</c> + <c>UPDATE</c> in a transaction.</summary>
    HotRow,

    /// <summary>The same transaction on a random row of 100,000.</summary>
    RandomRows,

    /// <summary><c>SELECT 1</c>: the cheapest round trip there is.</summary>
    SelectOne,
}
