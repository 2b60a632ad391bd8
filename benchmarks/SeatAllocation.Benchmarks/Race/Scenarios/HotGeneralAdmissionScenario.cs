using System.Globalization;

namespace SeatAllocation.Benchmarks.Race.Scenarios;

/// <summary>
/// One big general-admission show, every client buying 1–4 places again and again: one hot counter
/// row. The crowd variant has many more buyers than connections: the on-sale of a hot show, where
/// a batch can fill up (with 64 closed-loop clients and one batch in flight, a batch averages 32).
/// </summary>
/// <param name="crowd">Race <see cref="RaceSettings.CrowdClients"/> clients instead of <see cref="RaceSettings.Clients"/>.</param>
internal sealed class HotGeneralAdmissionScenario(bool crowd = false) : Scenario
{
    public override string Name => crowd ? "hot-show-ga-crowd" : "hot-show-ga";

    public override string Title => crowd ? "Hot show, general admission, a crowd" : "Hot show, general admission";

    public override BaselineKind Baseline => BaselineKind.HotRow;

    public override GroupCommitLimitKind Limit => GroupCommitLimitKind.GeneralAdmission;

    public override string Describe(RaceSettings settings) => string.Create(
        CultureInfo.InvariantCulture,
        $"One general-admission show with capacity {settings.GeneralAdmissionCapacity:N0}; {Clients(settings)} clients in a closed loop each book 1–4 places (`BookAsync`, quantity) for {settings.Duration.TotalSeconds:0} s (at most {settings.MaxIterations:N0} requests). Every request touches the show's one counter row.");

    public override int Clients(RaceSettings settings) => crowd ? settings.CrowdClients : settings.Clients;

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
