namespace SeatAllocation.Testing;

/// <summary>Starting clients at the same instant, and waiting for a condition without a timing assertion.</summary>
public static class Concurrency
{
    /// <summary>Starts <paramref name="clients"/> tasks at once (behind a gate) and collects their results.</summary>
    /// <typeparam name="T">What a client returns.</typeparam>
    /// <param name="clients">How many clients.</param>
    /// <param name="client">One client's work, given its number (0 to <paramref name="clients"/> − 1).</param>
    /// <returns>Every client's result, in client order.</returns>
    public static async Task<T[]> RaceAsync<T>(int clients, Func<int, Task<T>> client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, clients).Select(async i =>
        {
            await start.Task;
            return await client(i);
        }).ToArray();
        start.SetResult();
        return await Task.WhenAll(tasks);
    }

    /// <summary>Repeats <paramref name="attempt"/> every 100 ms until <paramref name="done"/> (30 s at most), returning the last result.</summary>
    /// <typeparam name="T">What an attempt returns.</typeparam>
    /// <param name="attempt">Reads the state, such as a show's availability.</param>
    /// <param name="done">Whether the state is the one awaited.</param>
    /// <returns>The first result <paramref name="done"/> accepts, or the last one read after 30 s; the caller asserts on it.</returns>
    public static async Task<T> PollAsync<T>(Func<Task<T>> attempt, Func<T, bool> done)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(done);
        for (var i = 0; ; i++)
        {
            var result = await attempt();
            if (done(result) || i == 300)
            {
                return result;
            }

            await Task.Delay(100);
        }
    }
}
