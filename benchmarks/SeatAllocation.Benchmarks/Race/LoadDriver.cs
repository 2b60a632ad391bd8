using System.Diagnostics;
using SeatAllocation.Benchmarks.Measurement;

namespace SeatAllocation.Benchmarks.Race;

/// <summary>Plays many concurrent clients: either one burst released at once, or a closed loop for a while.</summary>
internal static class LoadDriver
{
    /// <summary>
    /// Every client runs <paramref name="body"/> once, all released by one gate at the same
    /// instant (the seed's "1000 users at once").
    /// </summary>
    public static async Task<LoadMeasurement> RunBurstAsync(int clients, Func<ClientRecorder, int, Task> body)
    {
        using var latencies = new LatencyRecorder();
        var recorders = Enumerable.Range(0, clients).Select(_ => new ClientRecorder(latencies)).ToArray();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = recorders.Select((recorder, client) => RunOnceAsync(gate.Task, recorder, client, body)).ToArray();
        var wall = Stopwatch.StartNew();
        gate.SetResult();
        await Task.WhenAll(running).ConfigureAwait(false);
        wall.Stop();
        return LoadMeasurement.Of(recorders, wall.Elapsed);
    }

    /// <summary>
    /// Each client calls <paramref name="body"/> again and again (closed loop: a new request as soon
    /// as the last one is answered) until <paramref name="duration"/> has passed or the clients
    /// together have started <paramref name="maxIterations"/> iterations — the cap keeps a
    /// microsecond-fast strategy from selling out a show and then measuring only rejections — or
    /// <paramref name="done"/> says the scenario's goal is reached. A client finishes its request in
    /// flight, so the measured wall time ends when the last answer comes.
    /// </summary>
    public static async Task<LoadMeasurement> RunClosedLoopAsync(
        int clients, TimeSpan duration, long maxIterations, Func<ClientRecorder, int, long, Task> body, Action<long>? progress = null, Func<bool>? done = null)
    {
        using var latencies = new LatencyRecorder();
        var recorders = Enumerable.Range(0, clients).Select(_ => new ClientRecorder(latencies)).ToArray();
        long started = 0;
        var wall = Stopwatch.StartNew();
        var running = recorders.Select((recorder, client) => Task.Run(async () =>
        {
            while (wall.Elapsed < duration && done?.Invoke() != true)
            {
                var iteration = Interlocked.Increment(ref started);
                if (iteration > maxIterations)
                {
                    return;
                }

                await body(recorder, client, iteration).ConfigureAwait(false);
            }
        })).ToArray();

        using var ticker = progress is null ? null : new Timer(_ => progress(Math.Min(Interlocked.Read(ref started), maxIterations)), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        await Task.WhenAll(running).ConfigureAwait(false);
        wall.Stop();
        return LoadMeasurement.Of(recorders, wall.Elapsed);
    }

    private static async Task RunOnceAsync(Task gate, ClientRecorder recorder, int client, Func<ClientRecorder, int, Task> body)
    {
        await gate.ConfigureAwait(false);
        await body(recorder, client).ConfigureAwait(false);
    }
}
