using System.Globalization;

namespace SeatAllocation.Benchmarks.Race.Scenarios;

/// <summary>
/// Holds that mostly come to nothing: each client holds 1–2 random seats, then releases the hold
/// (50 %), abandons it to expire (35 %) or confirms it (15 %). Expired holds' seats are taken over
/// by later holds, which exercises the expiry path under load.
/// </summary>
internal sealed class HoldChurnScenario : Scenario
{
    private const double ReleaseShare = 0.50;
    private const double AbandonShare = 0.35;

    public override string Name => "hold-churn";

    public override string Title => "Hold churn";

    public override BaselineKind Baseline => BaselineKind.RandomRows;

    public override GroupCommitLimitKind Limit => GroupCommitLimitKind.NamedSeats;

    public override string Describe(RaceSettings settings) => string.Create(
        CultureInfo.InvariantCulture,
        $"One show with {settings.ChurnSeats:N0} named seats; {settings.Clients} clients in a closed loop each hold 1–2 random seats for {settings.HoldDuration.TotalSeconds:0} s (`HoldAsync`), then release the hold (50 %), abandon it to expire (35 %) or confirm it (15 %), for {settings.Duration.TotalSeconds:0} s (at most {settings.MaxIterations:N0} holds). Every call (hold, release, confirm) is a request; successful holds are the allocations.");

    public override int Clients(RaceSettings settings) => settings.Clients;

    public override async Task<ScenarioRun> RunAsync(IAllocationStrategy strategy, RaceSettings settings, string showPrefix, Action<long> progress)
    {
        var showId = showPrefix;
        var seatIds = SeatIds(settings.ChurnSeats);
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, seatIds)).ConfigureAwait(false);
        long booked = 0;
        var measured = await ClosedLoopAsync(settings, async (recorder, client, iteration) =>
        {
            var request = AllocationRequest.ForSeats(showId, $"r{iteration}", $"u{client}", PickSeats(seatIds, 2));
            var hold = await recorder.AllocateAsync(() => strategy.HoldAsync(request, settings.HoldDuration)).ConfigureAwait(false);
            if (hold is not { Succeeded: true })
            {
                return;
            }

            var reference = new AllocationReference(showId, hold.Allocation.Id, request.UserId);
            var choice = Random.Shared.NextDouble();
            if (choice < ReleaseShare)
            {
                await recorder.ReleaseAsync(() => strategy.ReleaseAsync(reference)).ConfigureAwait(false);
            }
            else if (choice >= ReleaseShare + AbandonShare)
            {
                var result = await recorder.ConfirmAsync(() => strategy.ConfirmAsync(reference)).ConfigureAwait(false);
                CountBooked(ref booked, result);
            }
        }, progress).ConfigureAwait(false);
        return new ScenarioRun(measured, [new ShowCheck(showId, settings.ChurnSeats, booked)]);
    }
}
