using System.Globalization;
using SeatAllocation.Benchmarks.Measurement;

namespace SeatAllocation.Benchmarks.Race.Scenarios;

/// <summary>The seeds' headline: 1000 clients released at once for the last 10 seats, repeated on fresh shows.</summary>
internal sealed class LastSeatsRushScenario : Scenario
{
    public override string Name => "last-seats-rush";

    public override string Title => "Last-seats rush";

    public override BaselineKind Baseline => BaselineKind.HotRow;

    public override GroupCommitLimitKind Limit => GroupCommitLimitKind.GeneralAdmission;

    public override string Describe(RaceSettings settings) => string.Create(
        CultureInfo.InvariantCulture,
        $"{settings.RushClients} clients released at the same instant each book any 1 seat (`BookAsync`, quantity 1) of a {settings.RushSeats}-seat show; {settings.RushRounds} rounds, each on a fresh show. Exactly {settings.RushSeats} per round must succeed.");

    public override int Clients(RaceSettings settings) => settings.RushClients;

    public override async Task<ScenarioRun> RunAsync(IAllocationStrategy strategy, RaceSettings settings, string showPrefix, Action<long> progress)
    {
        var total = new LoadMeasurement();
        var shows = new List<ShowCheck>();
        var seatIds = SeatIds(settings.RushSeats);
        for (var round = 1; round <= settings.RushRounds; round++)
        {
            var showId = $"{showPrefix}-{round}";
            await strategy.CreateShowAsync(ShowDefinition.Seated(showId, seatIds)).ConfigureAwait(false);
            var requests = Enumerable.Range(0, settings.RushClients)
                .Select(client => AllocationRequest.ForQuantity(showId, $"r{client}", $"u{client}", 1))
                .ToArray();
            long booked = 0;
            var measured = await LoadDriver.RunBurstAsync(settings.RushClients, async (recorder, client) =>
            {
                var result = await recorder.AllocateAsync(() => strategy.BookAsync(requests[client])).ConfigureAwait(false);
                CountBooked(ref booked, result);
            }).ConfigureAwait(false);
            total.Add(measured);
            shows.Add(new ShowCheck(showId, settings.RushSeats, booked));
            progress(round * (long)settings.RushClients);
        }

        return new ScenarioRun(total, shows);
    }
}
