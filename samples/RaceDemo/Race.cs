using System.Diagnostics;

namespace SeatAllocation.RaceDemo;

/// <summary>Runs one rush: every client books at the same instant, then the verifier checks the show.</summary>
internal static class Race
{
    public static async Task<RaceResult> RunAsync(IAllocationStrategy strategy, ShowDefinition show, int clients, Func<string, int, AllocationRequest> requestFor)
    {
        await strategy.CreateShowAsync(show);

        // Requests are built (and validated) before the start, so only the booking itself is timed.
        var requests = Enumerable.Range(0, clients).Select(client => requestFor(show.ShowId, client)).ToArray();

        // Clients wait on one gate; opening it schedules them all on the thread pool at once.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = requests.Select(request => BookAsync(strategy, request, gate.Task)).ToArray();
        var wall = Stopwatch.StartNew();
        gate.SetResult();
        var outcomes = await Task.WhenAll(running);
        wall.Stop();

        var verifier = (IAllocationVerifier)strategy;
        var report = await verifier.VerifyAsync(show.ShowId);
        var availability = await strategy.GetAvailabilityAsync(show.ShowId);
        return new RaceResult(strategy.Name, show.Capacity, outcomes, wall.Elapsed, report, availability);
    }

    private static async Task<ClientOutcome> BookAsync(IAllocationStrategy strategy, AllocationRequest request, Task gate)
    {
        await gate;
        var started = Stopwatch.GetTimestamp();
        try
        {
            // Contended answers are counted, not retried: the demo shows what each strategy answers first.
            var result = await strategy.BookAsync(request);
            return new ClientOutcome(result.Status, null, Stopwatch.GetElapsedTime(started));
        }
#pragma warning disable CA1031 // Any exception is one client's failure; the table counts them.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new ClientOutcome(null, ex, Stopwatch.GetElapsedTime(started));
        }
    }
}
