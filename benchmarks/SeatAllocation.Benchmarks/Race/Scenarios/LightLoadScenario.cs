using System.Globalization;

namespace SeatAllocation.Benchmarks.Race.Scenarios;

/// <summary>
/// One client booking one place at a time: what a request costs when nothing else is going on. It
/// shows whether batching adds latency (group commit sends a request for an idle show at once,
/// alone, so its p99 should match the pessimistic strategy's).
/// </summary>
internal sealed class LightLoadScenario : Scenario
{
    public override string Name => "light-load";

    public override string Title => "Light load, one client";

    public override BaselineKind Baseline => BaselineKind.SelectOne;

    public override GroupCommitLimitKind Limit => GroupCommitLimitKind.GeneralAdmission;

    public override string Describe(RaceSettings settings) => string.Create(
        CultureInfo.InvariantCulture,
        $"One general-admission show with capacity {settings.GeneralAdmissionCapacity:N0}; a single client books 1 place at a time (`BookAsync`, quantity 1), each call after the last one answered, for {settings.Duration.TotalSeconds:0} s (at most {settings.MaxIterations:N0} requests). Latency, not throughput, is the point.");

    public override int Clients(RaceSettings settings) => 1;

    public override async Task<ScenarioRun> RunAsync(IAllocationStrategy strategy, RaceSettings settings, string showPrefix, Action<long> progress)
    {
        var showId = showPrefix;
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, settings.GeneralAdmissionCapacity)).ConfigureAwait(false);
        long booked = 0;
        var measured = await ClosedLoopAsync(settings, async (recorder, client, iteration) =>
        {
            var request = AllocationRequest.ForQuantity(showId, $"r{iteration}", $"u{client}", 1);
            var result = await recorder.AllocateAsync(() => strategy.BookAsync(request)).ConfigureAwait(false);
            CountBooked(ref booked, result);
        }, progress).ConfigureAwait(false);
        return new ScenarioRun(measured, [new ShowCheck(showId, settings.GeneralAdmissionCapacity, booked)]);
    }
}
