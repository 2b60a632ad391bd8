using System.Diagnostics.Metrics;
using SeatAllocation.Postgres;
using static SeatAllocation.Postgres.Tests.PostgresFixtures;

namespace SeatAllocation.Postgres.Tests.Strategies;

[CollectionDefinition(nameof(OptimisticRetryTests), DisableParallelization = true)]
public sealed class OptimisticRetryTestsRunAlone;

/// <summary>
/// The seed's optimistic locking retried blindly and multiplied load tenfold in a sell-out. Ours
/// retries only while seats are still free. Runs alone, because it counts process-wide metrics.
/// </summary>
[Collection(nameof(OptimisticRetryTests))]
public sealed class OptimisticRetryTests
{
    [Fact]
    public async Task A_sold_out_seat_is_not_retried_so_load_is_not_amplified()
    {
        const int clients = 200;
        var strategy = new OptimisticAllocationStrategy(await PostgresTestDatabase.GetAsync(), PostgresTestDatabase.Options, new OptimisticConcurrencyOptions { MaxRetries = 10 });
        var showId = NewShowId();
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, "A1"));
        long retries = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SeatAllocationTelemetry.MeterName && instrument.Name == "seatallocation.retries")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref retries, value));
        listener.Start();

        var gate = new TaskCompletionSource();
        var racers = Enumerable.Range(0, clients).Select(async i =>
        {
            await gate.Task;
            return await strategy.BookAsync(AllocationRequest.ForSeats(showId, $"r{i}", $"user{i}", "A1"));
        }).ToArray();
        gate.SetResult();
        var results = await Task.WhenAll(racers);

        Assert.Single(results, r => r.Succeeded);
        Assert.Equal(clients - 1, results.Count(r => r.Status == AllocationStatus.Unavailable));
        // Each loser retries at most once: the re-read sees the seat sold and stops. Blind retries
        // would cost up to MaxRetries (10) each.
        Assert.InRange(Interlocked.Read(ref retries), 0, clients - 1);
    }
}
