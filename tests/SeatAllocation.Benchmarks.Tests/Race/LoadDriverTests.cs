using SeatAllocation.Benchmarks.Race;

namespace SeatAllocation.Benchmarks.Tests.Race;

public class LoadDriverTests
{
    [Fact]
    public async Task A_closed_loop_stops_when_the_scenario_says_it_is_done()
    {
        const int Clients = 8;
        long sold = 0;

        var measurement = await LoadDriver.RunClosedLoopAsync(
            Clients,
            TimeSpan.FromMinutes(5),
            maxIterations: 1_000_000,
            body: (recorder, _, _) => recorder.AllocateAsync(async () =>
            {
                await Task.Yield();
                Interlocked.Increment(ref sold);
                return AllocationResult.Contended();
            }),
            done: () => Interlocked.Read(ref sold) >= 100);

        // Each client may finish the request it had in flight when the goal was reached.
        Assert.InRange(measurement.Calls, 100, 100 + Clients);
        Assert.Equal(measurement.Calls, measurement.Contended);
    }

    [Fact]
    public async Task A_closed_loop_never_starts_more_than_its_cap()
    {
        var measurement = await LoadDriver.RunClosedLoopAsync(
            clients: 8,
            TimeSpan.FromMinutes(5),
            maxIterations: 250,
            body: (recorder, _, _) => recorder.AllocateAsync(async () =>
            {
                await Task.Yield();
                return AllocationResult.NotEnoughAvailable();
            }));

        Assert.Equal(250, measurement.Calls);
        Assert.Equal(250, measurement.Rejected);
    }
}
