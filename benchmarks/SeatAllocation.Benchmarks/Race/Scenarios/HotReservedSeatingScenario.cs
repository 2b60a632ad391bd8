using System.Globalization;

namespace SeatAllocation.Benchmarks.Race.Scenarios;

/// <summary>
/// A 50,000-seat show, every client booking 1–4 specific random seats: many rows, occasional
/// collisions. It stops once half the house is sold: past that, collisions take over and a faster
/// strategy would spend its remaining time on cheap rejections, so every strategy is measured on the
/// same work (selling the first half) rather than on how soon it ran out of seats.
/// </summary>
internal sealed class HotReservedSeatingScenario : Scenario
{
    public override string Name => "hot-show-reserved";

    public override string Title => "Hot show, reserved seating";

    public override BaselineKind Baseline => BaselineKind.RandomRows;

    public override GroupCommitLimitKind Limit => GroupCommitLimitKind.NamedSeats;

    public override string Describe(RaceSettings settings) => string.Create(
        CultureInfo.InvariantCulture,
        $"One show with {settings.ReservedSeats:N0} named seats; {settings.Clients} clients in a closed loop each book 1–4 specific seats picked at random (`BookAsync`, seat ids) until half the seats are sold, for at most {settings.Duration.TotalSeconds:0} s and {settings.MaxIterations:N0} requests. Requests collide only when they pick the same seats, up to about half the time at the end.");

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
        }, progress, done: () => Interlocked.Read(ref booked) >= settings.ReservedSeats / 2).ConfigureAwait(false);
        return new ScenarioRun(measured, [new ShowCheck(showId, settings.ReservedSeats, booked)]);
    }
}
