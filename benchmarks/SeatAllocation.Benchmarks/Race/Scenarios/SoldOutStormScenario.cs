using System.Globalization;

namespace SeatAllocation.Benchmarks.Race.Scenarios;

/// <summary>A sold-out show hammered by buyers: every answer is "no", so this measures what a "no" costs.</summary>
internal sealed class SoldOutStormScenario : Scenario
{
    public override string Name => "sold-out-storm";

    public override string Title => "Sold-out storm";

    public override BaselineKind Baseline => BaselineKind.SelectOne;

    public override GroupCommitLimitKind Limit => GroupCommitLimitKind.GeneralAdmission;

    public override string Describe(RaceSettings settings) => string.Create(
        CultureInfo.InvariantCulture,
        $"A general-admission show of {settings.SoldOutCapacity} places, all booked before the clock starts; {settings.Clients} clients in a closed loop each try to book 1–2 places for {settings.Duration.TotalSeconds:0} s (at most {settings.MaxIterations:N0} requests). Every answer must be `Unavailable`; the throughput is the rejection path's.");

    public override int Clients(RaceSettings settings) => settings.Clients;

    public override async Task<ScenarioRun> RunAsync(IAllocationStrategy strategy, RaceSettings settings, string showPrefix, Action<long> progress)
    {
        var showId = showPrefix;
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, settings.SoldOutCapacity)).ConfigureAwait(false);
        var sellOut = await strategy.BookAsync(AllocationRequest.ForQuantity(showId, "sell-out", "promoter", settings.SoldOutCapacity)).ConfigureAwait(false);
        if (!sellOut.Succeeded)
        {
            throw new InvalidOperationException($"Could not sell out the show before the storm: {sellOut}");
        }

        long booked = settings.SoldOutCapacity;
        var measured = await ClosedLoopAsync(settings, async (recorder, client, iteration) =>
        {
            var request = AllocationRequest.ForQuantity(showId, $"r{iteration}", $"u{client}", Random.Shared.Next(1, 3));
            var result = await recorder.AllocateAsync(() => strategy.BookAsync(request)).ConfigureAwait(false);
            CountBooked(ref booked, result);
        }, progress).ConfigureAwait(false);
        return new ScenarioRun(measured, [new ShowCheck(showId, settings.SoldOutCapacity, booked)]);
    }
}
