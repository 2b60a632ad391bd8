namespace SeatAllocation;

/// <summary>The strategies an app can choose, as the messages that ask for a choice name them.</summary>
internal static class SeatAllocationStrategyChoices
{
    public const string Description =
        "Choose one on the builder that AddSeatAllocation() returns: " +
        ".UsePostgres(dataSource).UsePessimisticLocking(), .UsePostgres(dataSource).UseOptimisticConcurrency() or " +
        ".UsePostgres(dataSource).UseGroupCommit() (package SeatAllocation.Postgres), optionally followed by " +
        ".UseRedisAdmission(redis) (package SeatAllocation.Redis) for Redis admission over one of them; or " +
        ".UseInMemory() for tests and single-process apps (its seats are not shared between instances).";
}
