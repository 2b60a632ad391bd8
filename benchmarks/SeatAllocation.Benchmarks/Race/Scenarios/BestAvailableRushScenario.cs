using System.Globalization;
using SeatAllocation.Benchmarks.Measurement;

namespace SeatAllocation.Benchmarks.Race.Scenarios;

/// <summary>
/// A 2,000-seat theatre on sale: 1,000 clients released at once each ask for the best 1–4 seats
/// together (<see cref="AllocationRequest.BestAvailable"/>), repeated on fresh shows. Every request
/// chooses its block under the show's lock, so this is a hot show whose decisions cost a search of
/// the map, not a counter. The variant of several instances splits the clients over that many
/// instances of the strategy, as app instances behind one database would be: each queues and
/// batches only its own clients, and its read of the free seats cannot see the other's batch in
/// flight, so their proposals can overlap.
/// </summary>
/// <param name="instances">Instances of the strategy the clients are split over, client by client in turn.</param>
internal sealed class BestAvailableRushScenario(int instances = 1) : Scenario
{
    private const int SectionRows = 25;
    private const int RowSeats = 40;

    // Every fourth client wants 1 seat, every fourth 4, ...: 2,500 seats wanted for 2,000.
    private static int Wanted(int client) => 1 + (client % 4);

    public override string Name => instances == 1 ? "best-available-rush" : string.Create(CultureInfo.InvariantCulture, $"best-available-rush-{instances}-instances");

    public override string Title => instances == 1 ? "Best-available rush" : string.Create(CultureInfo.InvariantCulture, $"Best-available rush, {instances} instances");

    public override int Instances => instances;

    public override BaselineKind Baseline => BaselineKind.HotRow;

    public override GroupCommitLimitKind Limit => GroupCommitLimitKind.GeneralAdmission;

    public override string Describe(RaceSettings settings) => string.Create(
        CultureInfo.InvariantCulture,
        $"A {2 * SectionRows * RowSeats:N0}-seat theatre (two sections of {SectionRows} rows of {RowSeats} seats, an aisle after seat 20); {settings.RushClients} clients released at the same instant each book the best 1–4 seats together (`BookAsync`, `AllocationRequest.BestAvailable`), {settings.RushRounds} rounds on fresh shows. Every booking must be one block of adjacent seats.{(instances == 1 ? string.Empty : $" The clients are split over {instances} instances of the strategy (client k on instance k mod {instances}), as {instances} app instances behind one database would be: each instance queues and batches only its own clients. Strategies whose instances share nothing (in-memory) do not run it.")}");

    public override int Clients(RaceSettings settings) => settings.RushClients;

    public override Task<ScenarioRun> RunAsync(IAllocationStrategy strategy, RaceSettings settings, string showPrefix, Action<long> progress) =>
        RunAsync([strategy], settings, showPrefix, progress);

    public override async Task<ScenarioRun> RunAsync(IReadOnlyList<IAllocationStrategy> instances, RaceSettings settings, string showPrefix, Action<long> progress)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var strategy = instances[0];
        var total = new LoadMeasurement();
        var shows = new List<ShowCheck>();
        for (var round = 1; round <= settings.RushRounds; round++)
        {
            var showId = $"{showPrefix}-{round}";
            var seats = Theatre();
            await strategy.CreateShowAsync(ShowDefinition.Seated(showId, seats)).ConfigureAwait(false);
            var requests = Enumerable.Range(0, settings.RushClients)
                .Select(client => AllocationRequest.BestAvailable(showId, $"r{client}", $"u{client}", Wanted(client)))
                .ToArray();
            long booked = 0;
            var measured = await LoadDriver.RunBurstAsync(settings.RushClients, async (recorder, client) =>
            {
                var result = await recorder.AllocateAsync(async () =>
                {
                    var answer = await instances[client % instances.Count].BookAsync(requests[client]).ConfigureAwait(false);
                    // Counted as an error in the table: a strategy that splits a group asked to sit together is wrong, however fast.
                    return answer is { Succeeded: true, Allocation.Together: not true }
                        ? throw new InvalidOperationException($"Booking {answer.Allocation.Id} of request {requests[client].RequestId} was split: {string.Join(", ", answer.Allocation.SeatIds)}.")
                        : answer;
                }).ConfigureAwait(false);
                CountBooked(ref booked, result);
            }).ConfigureAwait(false);
            total.Add(measured);
            shows.Add(new ShowCheck(showId, seats.Count, booked));
            progress(round * (long)settings.RushClients);
        }

        return new ScenarioRun(total, shows);
    }

    /// <summary>Two sections of rows, front row first, with an aisle (a missing position) after seat 20.</summary>
    private static List<SeatMapSeat> Theatre()
    {
        var seats = new List<SeatMapSeat>();
        foreach (var section in (string[])["Stalls", "Circle"])
        {
            for (var row = 1; row <= SectionRows; row++)
            {
                for (var seat = 1; seat <= RowSeats; seat++)
                {
                    var position = seat <= RowSeats / 2 ? seat : seat + 1;
                    seats.Add(new SeatMapSeat(string.Create(CultureInfo.InvariantCulture, $"{section[0]}{row:D2}-{seat:D2}"), section, row.ToString(CultureInfo.InvariantCulture), position));
                }
            }
        }

        return seats;
    }
}
