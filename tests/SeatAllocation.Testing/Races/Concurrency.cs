namespace SeatAllocation.Testing;

/// <summary>Starting clients at the same instant, and waiting for a condition without a timing assertion.</summary>
public static class Concurrency
{
    /// <summary>Starts <paramref name="clients"/> tasks at once (behind a gate) and collects their results.</summary>
    public static async Task<T[]> RaceAsync<T>(int clients, Func<int, Task<T>> client)
    {
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
    public static async Task<T> PollAsync<T>(Func<Task<T>> attempt, Func<T, bool> done)
    {
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
