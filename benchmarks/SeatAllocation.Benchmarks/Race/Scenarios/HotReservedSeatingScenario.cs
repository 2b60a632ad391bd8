using System.Globalization;

namespace SeatAllocation.Benchmarks.Race.Scenarios;

/// <summary>A 50,000-seat show, every client booking 1–4 specific random seats: many rows, occasional collisions.</summary>
internal sealed class HotReservedSeatingScenario : Scenario
{
    public override string Name => "hot-show-reserved";

    public override string Title => "Hot show, reserved seating";

    public override BaselineKind Baseline => BaselineKind.RandomRows;

    public override string Describe(RaceSettings settings) => string.Create(
        CultureInfo.InvariantCulture,
        $"One show with {settings.ReservedSeats:N0} named seats; {settings.Clients} clients in a closed loop each book 1–4 specific seats picked at random (`BookAsync`, seat ids) for {settings.Duration.TotalSeconds:0} s (at most {settings.MaxIterations:N0} requests). Requests collide only when they pick the same seats, which grows as the show fills.");

    public override int Clients(RaceSettings settings) => settings.Clients;

    public override async Task<ScenarioRun> RunAsync(IAllocationStrategy strategy, RaceSettings settings, string showPrefix, Action<long> progress)
    {
        var showId = showPrefix;
        var seatIds = SeatIds(settings.ReservedSeats);
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, seatIds)).ConfigureAwait(false);
        long booked = 0;
        var measured = await ClosedLoopAsync(settings, async (recorder, client, iteration) =>
        {
            var request = AllocationRequest.ForSeats(showId, $"r{iteration}", $"u{client}", PickSeats(seatIds, 4));
            var result = await recorder.AllocateAsync(() => strategy.BookAsync(request)).ConfigureAwait(false);
            CountBooked(ref booked, result);
        }, progress).ConfigureAwait(false);
        return new ScenarioRun(measured, [new ShowCheck(showId, settings.ReservedSeats, booked)]);
    }
}
