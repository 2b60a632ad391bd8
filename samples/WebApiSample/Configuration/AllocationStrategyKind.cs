namespace WebApiSample.Configuration;

/// <summary>The strategies the sample can run on, chosen by <c>SeatAllocation:Strategy</c>.</summary>
internal enum AllocationStrategyKind
{
    /// <summary>Process-local and exact; no server needed. The default when nothing is configured.</summary>
    InMemory,

    /// <summary>PostgreSQL with <c>SELECT … FOR UPDATE</c>; needs <c>ConnectionStrings:Postgres</c>.</summary>
    Pessimistic,

    /// <summary>PostgreSQL with versioned conditional updates; needs <c>ConnectionStrings:Postgres</c>.</summary>
    Optimistic,

    /// <summary>Redis admission control in front of PostgreSQL; needs both connection strings.</summary>
    RedisAdmission,

    /// <summary>PostgreSQL group commit: concurrent requests of a show decided together, one round trip per batch; needs <c>ConnectionStrings:Postgres</c>. The choice for hot shows.</summary>
    GroupCommit,
}
