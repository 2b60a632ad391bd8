using Npgsql;
using SeatAllocation.Postgres;
using SeatAllocation.Testing;
using static SeatAllocation.Postgres.Tests.PostgresFixtures;

namespace SeatAllocation.Postgres.Tests.Schema;

/// <summary>
/// Two foreign keys were dropped from the hot path: allocations.show_id to shows (schema migration 6)
/// and seats.holder_id to allocations (migration 7). Triggers keep their promises instead, that an
/// allocation's show and a seat's holder exist, by refusing to delete, truncate or re-key any show or
/// allocation. Each test runs in a schema of its own: a TRUNCATE that got through would otherwise
/// empty the tables every other test is using.
/// </summary>
public sealed class RemovalGuardTests
{
    private const string Tail = ": a SeatAllocation show is never removed or renamed, as allocations rely on their show existing";

    private const string AllocationTail = ": a SeatAllocation allocation is never removed or re-keyed, as seats rely on their holder existing";

    public static TheoryData<string> Strategies =>
        [PessimisticAllocationStrategy.StrategyName, OptimisticAllocationStrategy.StrategyName, GroupCommitAllocationStrategy.StrategyName];

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task Deleting_truncating_or_renaming_a_show_with_allocations_is_refused_and_changes_nothing(string strategyName)
    {
        await InThrowawaySchemaAsync(async (dataSource, schema) =>
        {
            var strategy = CreateStrategy(strategyName, dataSource, new PostgresAllocationOptions { Schema = schema });
            var (seated, standing) = (NewShowId(), NewShowId());
            await strategy.CreateShowAsync(ShowDefinition.Seated(seated, "A1", "A2", "A3"));
            await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(standing, 5));
            Assert.True((await strategy.BookAsync(AllocationRequest.ForSeats(seated, "book-a1", "ada", "A1"))).Succeeded);
            Assert.True((await strategy.HoldAsync(AllocationRequest.ForSeats(seated, "hold-a2", "bob", "A2"), TimeSpan.FromMinutes(5))).Succeeded);
            Assert.True((await strategy.HoldAsync(AllocationRequest.ForQuantity(standing, "hold-2", "ada", 2), TimeSpan.FromMinutes(5))).Succeeded);
            var before = await RowsAsync(dataSource, schema);

            var deleted = await RefusedAsync(dataSource, schema, "shows", "DELETE FROM {schema}.shows WHERE show_id = $1", standing);
            var deletedAll = await RefusedAsync(dataSource, schema, "shows", "DELETE FROM {schema}.shows");
            var truncated = await RefusedAsync(dataSource, schema, "shows", "TRUNCATE {schema}.shows CASCADE");
            var truncatedAll = await RefusedAsync(dataSource, schema, "shows", "TRUNCATE {schema}.shows, {schema}.seats, {schema}.seat_places, {schema}.allocations");
            var renamed = await RefusedAsync(dataSource, schema, "shows", "UPDATE {schema}.shows SET show_id = show_id || '-renamed' WHERE show_id = $1", seated);

            Assert.Equal(("shows_never_deleted", $"cannot delete show \"{standing}\"{Tail}"), (deleted.ConstraintName, deleted.MessageText));
            Assert.Equal("shows_never_deleted", deletedAll.ConstraintName);
            Assert.Equal(("shows_never_truncated", $"cannot truncate {schema}.shows{Tail}"), (truncated.ConstraintName, truncated.MessageText));
            Assert.Equal("shows_never_truncated", truncatedAll.ConstraintName);
            Assert.Equal(("shows_never_renamed", $"cannot change the id of show \"{seated}\" to \"{seated}-renamed\"{Tail}"), (renamed.ConstraintName, renamed.MessageText));
            Assert.Contains("schema migration 6", deleted.Hint, StringComparison.Ordinal);
            Assert.Equal(before, await RowsAsync(dataSource, schema));
            var (seatedNow, standingNow) = (await strategy.GetAvailabilityAsync(seated), await strategy.GetAvailabilityAsync(standing));
            Assert.Equal((1, 1, 1), (seatedNow!.Available, seatedNow.Held, seatedNow.Booked));
            Assert.Equal((3, 2, 0), (standingNow!.Available, standingNow.Held, standingNow.Booked));
            var report = await ((IAllocationVerifier)strategy).VerifyAsync();
            Assert.Equal((true, 2), (report.IsValid, report.ShowsChecked));
        });
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task Deleting_truncating_or_rekeying_an_allocation_is_refused_and_changes_nothing(string strategyName)
    {
        await InThrowawaySchemaAsync(async (dataSource, schema) =>
        {
            var strategy = CreateStrategy(strategyName, dataSource, new PostgresAllocationOptions { Schema = schema });
            var (seated, standing) = (NewShowId(), NewShowId());
            await strategy.CreateShowAsync(ShowDefinition.Seated(seated, "A1", "A2", "A3"));
            await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(standing, 5));
            var booking = await strategy.BookAsync(AllocationRequest.ForSeats(seated, "book-a1", "ada", "A1"));
            Assert.True((await strategy.HoldAsync(AllocationRequest.ForSeats(seated, "hold-a2", "bob", "A2"), TimeSpan.FromMinutes(5))).Succeeded);
            Assert.True((await strategy.HoldAsync(AllocationRequest.ForQuantity(standing, "hold-2", "ada", 2), TimeSpan.FromMinutes(5))).Succeeded);
            var bookingId = Guid.Parse(booking.Allocation!.Id);
            var before = await RowsAsync(dataSource, schema);

            var deleted = await RefusedAsync(dataSource, schema, "allocations", "DELETE FROM {schema}.allocations WHERE allocation_id = $1", bookingId);
            var deletedAll = await RefusedAsync(dataSource, schema, "allocations", "DELETE FROM {schema}.allocations");
            var truncated = await RefusedAsync(dataSource, schema, "allocations", "TRUNCATE {schema}.allocations");
            var rekeyed = await RefusedAsync(dataSource, schema, "allocations", "UPDATE {schema}.allocations SET allocation_id = '00000000-0000-0000-0000-000000000001' WHERE allocation_id = $1", bookingId);
            var moved = await RefusedAsync(dataSource, schema, "allocations", $"UPDATE {{schema}}.allocations SET show_id = '{standing}' WHERE allocation_id = $1", bookingId);

            Assert.Equal(("allocations_never_deleted", $"cannot delete allocation {bookingId} of show \"{seated}\"{AllocationTail}"), (deleted.ConstraintName, deleted.MessageText));
            Assert.Equal("allocations_never_deleted", deletedAll.ConstraintName);
            Assert.Equal(("allocations_never_truncated", $"cannot truncate {schema}.allocations{AllocationTail}"), (truncated.ConstraintName, truncated.MessageText));
            Assert.Equal(
                ("allocations_never_rekeyed", $"cannot change the key of allocation {bookingId} of show \"{seated}\" to 00000000-0000-0000-0000-000000000001 of show \"{seated}\"{AllocationTail}"),
                (rekeyed.ConstraintName, rekeyed.MessageText));
            Assert.Equal("allocations_never_rekeyed", moved.ConstraintName);
            Assert.Contains("schema migration 7", deleted.Hint, StringComparison.Ordinal);
            Assert.Equal(before, await RowsAsync(dataSource, schema));
            var seatedNow = await strategy.GetAvailabilityAsync(seated);
            Assert.Equal((1, 1, 1), (seatedNow!.Available, seatedNow.Held, seatedNow.Booked));
            var report = await ((IAllocationVerifier)strategy).VerifyAsync();
            Assert.Equal((true, 2), (report.IsValid, report.ShowsChecked));
        });
    }

    [Fact]
    public async Task Updating_an_allocation_without_changing_its_key_is_allowed()
    {
        await InThrowawaySchemaAsync(async (dataSource, schema) =>
        {
            var strategy = CreateStrategy(GroupCommitAllocationStrategy.StrategyName, dataSource, new PostgresAllocationOptions { Schema = schema });
            var showId = NewShowId();
            await strategy.CreateShowAsync(ShowDefinition.Seated(showId, "A1"));
            var hold = await strategy.HoldAsync(AllocationRequest.ForSeats(showId, "hold-a1", "ada", "A1"), TimeSpan.FromMinutes(5));

            Assert.Equal(1, await RunAsync(dataSource, schema, "UPDATE {schema}.allocations SET show_id = show_id, allocation_id = allocation_id, user_id = 'ada' WHERE show_id = $1", showId));

            Assert.Equal(ReleaseStatus.Released, await strategy.ReleaseAsync(new AllocationReference(showId, hold.Allocation!.Id, "ada")));
            Assert.Equal(1, (await strategy.GetAvailabilityAsync(showId))!.Available);
        });
    }

    [Fact]
    public async Task Updating_a_show_without_changing_its_id_is_allowed()
    {
        await InThrowawaySchemaAsync(async (dataSource, schema) =>
        {
            var strategy = CreateStrategy(GroupCommitAllocationStrategy.StrategyName, dataSource, new PostgresAllocationOptions { Schema = schema });
            var showId = NewShowId();
            await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, 5));

            Assert.Equal(1, await RunAsync(dataSource, schema, "UPDATE {schema}.shows SET show_id = show_id, capacity = 6 WHERE show_id = $1", showId));

            Assert.Equal(6, (await strategy.GetAvailabilityAsync(showId))!.Capacity);
        });
    }

    /// <summary>
    /// Inserting an allocation no longer waits for its show's row (the foreign key's share lock did), so
    /// deletes racing with batches are the case to check: every one is refused, every buyer told
    /// "booked" is booked, and the verifier finds the tables clean.
    /// </summary>
    [Fact]
    public async Task Deletes_racing_with_group_commit_batches_are_all_refused_and_the_verifier_finds_nothing()
    {
        await InThrowawaySchemaAsync(async (dataSource, schema) =>
        {
            var strategy = CreateStrategy(GroupCommitAllocationStrategy.StrategyName, dataSource, new PostgresAllocationOptions { Schema = schema, LockTimeout = TimeSpan.FromSeconds(30) });
            var seats = Enumerable.Range(1, 40).Select(n => $"S{n:D3}").ToArray();
            var (seated, standing) = (NewShowId(), NewShowId());
            await strategy.CreateShowAsync(ShowDefinition.Seated(seated, seats));
            await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(standing, 40));

            var outcomes = await Concurrency.RaceAsync(240, async client =>
            {
                if (client % 8 == 0)
                {
                    var sql = (client / 8 % 3) switch
                    {
                        0 => "DELETE FROM {schema}.shows WHERE show_id = $1",
                        1 => "TRUNCATE {schema}.shows CASCADE",
                        _ => "UPDATE {schema}.shows SET show_id = 'stolen-' || show_id WHERE show_id = $1",
                    };
                    var refused = await RefusedAsync(dataSource, schema, "shows", sql, client % 16 == 0 ? seated : standing);
                    return refused.SqlState == PostgresErrorCodes.RestrictViolation ? "refused" : refused.SqlState;
                }

                var result = client % 2 == 0
                    ? await strategy.BookAsync(AllocationRequest.ForSeats(seated, $"r{client}", $"u{client}", seats[client % seats.Length]))
                    : await strategy.BookAsync(AllocationRequest.ForQuantity(standing, $"r{client}", $"u{client}", 1));
                return result.Succeeded ? "booked" : result.Status.ToString();
            });

            Assert.Equal(30, outcomes.Count(o => o == "refused"));
            Assert.All(outcomes, o => Assert.Contains(o, new[] { "refused", "booked", nameof(AllocationStatus.Unavailable) }));
            var booked = (await strategy.GetAvailabilityAsync(seated))!.Booked + (await strategy.GetAvailabilityAsync(standing))!.Booked;
            Assert.Equal(outcomes.Count(o => o == "booked"), booked);
            var report = await ((IAllocationVerifier)strategy).VerifyAsync();
            Assert.Equal((true, 2), (report.IsValid, report.ShowsChecked));
        });
    }

    private static async Task<PostgresException> RefusedAsync(NpgsqlDataSource dataSource, string schema, string table, string sql, params object[] parameters)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => RunAsync(dataSource, schema, sql, parameters));
        Assert.Equal((PostgresErrorCodes.RestrictViolation, table), (error.SqlState, error.TableName));
        return error;
    }

    /// <summary>Every row of the schema's tables, as text, to compare before and after.</summary>
    private static async Task<string> RowsAsync(NpgsqlDataSource dataSource, string schema)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT concat_ws(E'\n',
                (SELECT string_agg(s::text, E'\n' ORDER BY s.show_id) FROM {schema}.shows s),
                (SELECT string_agg(a::text, E'\n' ORDER BY a.show_id, a.allocation_id) FROM {schema}.allocations a),
                (SELECT string_agg(st::text, E'\n' ORDER BY st.show_id, st.seat_id) FROM {schema}.seats st))
            """);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<int> RunAsync(NpgsqlDataSource dataSource, string schema, string sql, params object[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql.Replace("{schema}", schema, StringComparison.Ordinal));
        foreach (var parameter in parameters.Take(sql.Contains("$1", StringComparison.Ordinal) ? 1 : 0))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs <paramref name="test"/> on a freshly migrated schema of its own, dropped afterwards.</summary>
    private static async Task InThrowawaySchemaAsync(Func<NpgsqlDataSource, string, Task> test)
    {
        var dataSource = await PostgresTestDatabase.GetAsync();
        var schema = "removal_" + Guid.NewGuid().ToString("N")[..12];
        await PostgresSchemaMigrator.MigrateAsync(dataSource, schema);
        try
        {
            await test(dataSource, schema);
        }
        finally
        {
            await using var drop = dataSource.CreateCommand($"DROP SCHEMA {schema} CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
    }
}
