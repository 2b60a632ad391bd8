using SeatAllocation.Benchmarks.Race;
using SeatAllocation.Benchmarks.Race.Scenarios;

namespace SeatAllocation.Benchmarks.Tests.Race;

public class BestAvailableRushScenarioTests
{
    private static readonly RaceSettings Small = RaceSettings.Quick with { RushClients = 40, RushRounds = 1 };

    [Fact]
    public async Task The_two_instance_rush_sends_every_other_client_to_the_second_instance()
    {
        // The show is created once, as on the database every instance shares. Two in-memory instances
        // share nothing, so the second has no show and answers its clients "not found": that makes
        // each instance's share visible here, and is why the harness does not race in-memory in it.
        var first = new InMemoryAllocationStrategy();
        var second = new InMemoryAllocationStrategy();
        var scenario = new BestAvailableRushScenario(instances: 2);

        var run = await scenario.RunAsync([first, second], Small, "split", _ => { });

        var show = Assert.Single(run.Shows).ShowId;
        // Clients 0, 2, 4, … go to the first instance and want 1 or 3 seats: 20 clients, 40 seats.
        Assert.Equal(40, (await first.GetAvailabilityAsync(show))!.Booked);
        Assert.Null(await second.GetAvailabilityAsync(show));
        Assert.Equal(20, run.Measurement.Allocations);
        Assert.Equal(20, run.Measurement.Rejected);
    }

    [Fact]
    public void Only_the_variant_of_several_instances_asks_for_them()
    {
        Assert.Equal(1, new BestAvailableRushScenario().Instances);
        Assert.Equal(2, new BestAvailableRushScenario(instances: 2).Instances);
        Assert.Contains("2 instances", new BestAvailableRushScenario(instances: 2).Describe(Small), StringComparison.Ordinal);
    }
}
