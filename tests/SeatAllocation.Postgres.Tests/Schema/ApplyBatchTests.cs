using SeatAllocation.Postgres;
using static SeatAllocation.Postgres.Tests.PostgresFixtures;

namespace SeatAllocation.Postgres.Tests.Schema;

/// <summary>
/// <c>apply_batch</c> called directly, for batches the strategies make only by chance: its answers
/// are read by outcome code (1 allocated, 2 replayed, 6 idempotency key reused; migration 5).
/// </summary>
public sealed class ApplyBatchTests
{
    [Fact]
    public async Task A_request_id_twice_in_a_general_admission_batch_with_room_for_all_is_a_replay_or_a_reused_key()
    {
        var dataSource = await PostgresTestDatabase.GetAsync();
        var strategy = new GroupCommitAllocationStrategy(dataSource, PostgresTestDatabase.Options);
        var showId = NewShowId();
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, 100));

        await using var command = dataSource.CreateCommand($"""
            SELECT outcome FROM {PostgresFixtures.Schema}.apply_batch($1, now(), '2s', ARRAY[2, 2, 2, 2]::smallint[],
                ARRAY(SELECT gen_random_uuid() FROM generate_series(1, 4)), ARRAY['x', 'y', 'x', 'x'],
                ARRAY['book;q=1', 'book;q=2', 'book;q=1', 'book;q=3'], ARRAY['ada', 'bob', 'ada', 'ada'], ARRAY[1, 2, 1, 3],
                ARRAY[NULL, NULL, NULL, NULL]::timestamptz[], ARRAY[]::text[], ARRAY[]::int[])
            ORDER BY ordinal
            """);
        command.Parameters.Add(new() { Value = showId });
        var outcomes = new List<short>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                outcomes.Add(reader.GetInt16(0));
            }
        }

        Assert.Equal([1, 1, 2, 6], outcomes); // x made, y made, x again: its replay, x with another payload: a reused key
        var availability = await strategy.GetAvailabilityAsync(showId);
        Assert.Equal((97, 3), (availability!.Available, availability.Booked)); // x's 1 and y's 2, once each
        var report = await strategy.VerifyAsync(showId);
        Assert.True(report.IsValid, report.ToString());
    }
}
