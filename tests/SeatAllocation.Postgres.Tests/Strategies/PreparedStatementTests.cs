using Npgsql;
using SeatAllocation.Postgres;
using SeatAllocation.Servers;
using static SeatAllocation.Postgres.Tests.PostgresFixtures;

namespace SeatAllocation.Postgres.Tests.Strategies;

/// <summary>
/// The strategies' statements stay prepared on their pooled connection between calls, unless
/// <see cref="PostgresAllocationOptions.PrepareStatements"/> is off. That is what keeps PostgreSQL's
/// plans of <c>apply_batch</c>'s statements: Npgsql resets a returned connection that has nothing
/// prepared with <c>DISCARD ALL</c>, which drops them, so every call planned them again.
/// </summary>
public sealed class PreparedStatementTests
{
    public static TheoryData<string, bool> Cases => new()
    {
        { PessimisticAllocationStrategy.StrategyName, true },
        { PessimisticAllocationStrategy.StrategyName, false },
        { OptimisticAllocationStrategy.StrategyName, true },
        { OptimisticAllocationStrategy.StrategyName, false },
        { GroupCommitAllocationStrategy.StrategyName, true },
        { GroupCommitAllocationStrategy.StrategyName, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Statements_stay_prepared_on_the_pooled_connection_unless_turned_off(string strategyName, bool prepare)
    {
        await PostgresTestDatabase.GetAsync();
        // One connection in the pool: the session asked afterwards is the one every call ran on.
        var builder = new NpgsqlDataSourceBuilder(await TestPostgres.GetConnectionStringAsync());
        builder.ConnectionStringBuilder.MaxPoolSize = 1;
        await using var dataSource = builder.Build();
        var strategy = CreateStrategy(strategyName, dataSource, new PostgresAllocationOptions { PrepareStatements = prepare });
        var showId = NewShowId();
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, 10));

        for (var i = 0; i < 3; i++)
        {
            var booked = await strategy.BookAsync(AllocationRequest.ForQuantity(showId, $"request-{i}", "ada", 2));
            Assert.True(booked.Succeeded, $"booking {i}: {booked.Status}");
        }

        var prepared = await ScalarAsync<long>(dataSource, "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%allocations%' OR statement LIKE '%apply_batch%'");
        var availability = await strategy.GetAvailabilityAsync(showId);
        Assert.Equal(4, availability!.Available);
        if (prepare)
        {
            Assert.True(prepared > 0, "nothing prepared on the pooled connection after three bookings");
        }
        else
        {
            Assert.Equal(0, prepared);
        }
    }
}
