using System.Globalization;

namespace SeatAllocation.Benchmarks.Race.Scenarios;

/// <summary>One big general-admission show, every client buying 1–4 places again and again: one hot counter row.</summary>
internal sealed class HotGeneralAdmissionScenario : Scenario
{
    public override string Name => "hot-show-ga";

    public override string Title => "Hot show, general admission";

    public override BaselineKind Baseline => BaselineKind.HotRow;

    public override GroupCommitLimitKind Limit => GroupCommitLimitKind.GeneralAdmission;

    public override string Describe(RaceSettings settings) => string.Create(
        CultureInfo.InvariantCulture,
        $"One general-admission show with capacity {settings.GeneralAdmissionCapacity:N0}; {settings.Clients} clients in a closed loop each book 1–4 places (`BookAsync`, quantity) for {settings.Duration.TotalSeconds:0} s (at most {settings.MaxIterations:N0} requests). Every request touches the show's one counter row.");

    public override int Clients(RaceSettings settings) => settings.Clients;

    public override async Task<ScenarioRun> RunAsync(IAllocationStrategy strategy, RaceSettings settings, string showPrefix, Action<long> progress)
    {
        var showId = showPrefix;
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, settings.GeneralAdmissionCapacity)).ConfigureAwait(false);
        long booked = 0;
        var measured = await ClosedLoopAsync(settings, async (recorder, client, iteration) =>
        {
            var request = AllocationRequest.ForQuantity(showId, $"r{iteration}", $"u{client}", Random.Shared.Next(1, 5));
            var result = await recorder.AllocateAsync(() => strategy.BookAsync(request)).ConfigureAwait(false);
            CountBooked(ref booked, result);
        }, progress).ConfigureAwait(false);
        return new ScenarioRun(measured, [new ShowCheck(showId, settings.GeneralAdmissionCapacity, booked)]);
    }
}
