using Npgsql;
using SeatAllocation.Postgres;
using SeatAllocation.Servers;

namespace SeatAllocation.Postgres.Tests.Schema;

public sealed class PostgresSchemaMigratorTests
{
    private static string NewSchema() => $"test_{Guid.NewGuid():N}";

    [Fact]
    public async Task Migrating_a_new_schema_applies_every_migration_once()
    {
        var dataSource = await TestPostgres.GetDataSourceAsync();
        var schema = NewSchema();

        var first = await PostgresSchemaMigrator.MigrateAsync(dataSource, schema);
        var second = await PostgresSchemaMigrator.MigrateAsync(dataSource, schema);

        Assert.Equal(Enumerable.Range(1, PostgresSchemaMigrator.LatestVersion), first);
        Assert.Empty(second);
        await using var tables = dataSource.CreateCommand("SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = $1");
        tables.Parameters.AddWithValue(schema);
        Assert.Equal("allocations,schema_migrations,seat_places,seats,shows", await tables.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Processes_migrating_at_once_apply_each_migration_exactly_once()
    {
        var dataSource = await TestPostgres.GetDataSourceAsync();
        var schema = NewSchema();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => PostgresSchemaMigrator.MigrateAsync(dataSource, schema))));

        Assert.Single(results, applied => applied.Count > 0);
        Assert.Equal(PostgresSchemaMigrator.LatestVersion, results.Sum(applied => applied.Count));
    }

    [Fact]
    public async Task The_applied_version_is_0_before_migrating_and_the_latest_after()
    {
        var dataSource = await TestPostgres.GetDataSourceAsync();
        var schema = NewSchema();
        var emptySchema = NewSchema();
        await using (var create = dataSource.CreateCommand($"CREATE SCHEMA {emptySchema}"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var missing = await PostgresSchemaMigrator.GetAppliedVersionAsync(dataSource, schema);
        var empty = await PostgresSchemaMigrator.GetAppliedVersionAsync(dataSource, emptySchema);
        await PostgresSchemaMigrator.MigrateAsync(dataSource, schema);
        var migrated = await PostgresSchemaMigrator.GetAppliedVersionAsync(dataSource, schema);

        Assert.Equal((0, 0, PostgresSchemaMigrator.LatestVersion), (missing, empty, migrated));
    }

    [Theory]
    [InlineData("Public")]
    [InlineData("x; DROP TABLE users")]
    [InlineData("")]
    [InlineData("1abc")]
    public async Task A_schema_name_that_is_not_a_plain_identifier_is_refused(string schema)
    {
        var dataSource = await TestPostgres.GetDataSourceAsync();

        var migrating = await Assert.ThrowsAsync<ArgumentException>(() => PostgresSchemaMigrator.MigrateAsync(dataSource, schema));
        var reading = await Assert.ThrowsAsync<ArgumentException>(() => PostgresSchemaMigrator.GetAppliedVersionAsync(dataSource, schema));

        Assert.Equal(("schema", "schema"), (migrating.ParamName, reading.ParamName));
    }

    [Fact]
    public async Task Strategies_in_different_schemas_keep_separate_inventories()
    {
        var dataSource = await TestPostgres.GetDataSourceAsync();
        var schema = NewSchema();
        await PostgresSchemaMigrator.MigrateAsync(dataSource, schema);
        var isolated = new PessimisticAllocationStrategy(dataSource, new PostgresAllocationOptions { Schema = schema });
        var shared = new PessimisticAllocationStrategy(await PostgresTestDatabase.GetAsync());
        var showId = $"schema-{Guid.NewGuid():N}";

        await isolated.CreateShowAsync(ShowDefinition.Seated(showId, "A1"));

        Assert.NotNull(await isolated.GetAvailabilityAsync(showId));
        Assert.Null(await shared.GetAvailabilityAsync(showId));
    }

    [Fact]
    public async Task A_strategy_with_invalid_options_is_refused_at_construction()
    {
        var dataSource = await TestPostgres.GetDataSourceAsync();

        Assert.Throws<ArgumentException>(() => new PessimisticAllocationStrategy(dataSource, new PostgresAllocationOptions { LockTimeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => new OptimisticAllocationStrategy(dataSource, retry: new OptimisticConcurrencyOptions { MaxRetries = -1 }));
        Assert.Throws<ArgumentException>(() => new OptimisticAllocationStrategy(dataSource, retry: new OptimisticConcurrencyOptions { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromMilliseconds(1) }));
        Assert.Equal(
            nameof(PostgresAllocationOptions.TransientRetries),
            Assert.Throws<ArgumentException>(() => new GroupCommitAllocationStrategy(dataSource, new PostgresAllocationOptions { TransientRetries = 11 })).ParamName);
        var delays = Assert.Throws<ArgumentException>(() => new PessimisticAllocationStrategy(
            dataSource, new PostgresAllocationOptions { TransientRetryBaseDelay = TimeSpan.FromSeconds(2), TransientRetryMaxDelay = TimeSpan.FromSeconds(1) }));
        Assert.Equal((nameof(PostgresAllocationOptions.TransientRetryMaxDelay), true), (delays.ParamName, delays.Message.Contains("TransientRetryMaxDelay must not be shorter than TransientRetryBaseDelay", StringComparison.Ordinal)));
        Assert.Throws<ArgumentNullException>(() => new PessimisticAllocationStrategy(null!));
    }
}
