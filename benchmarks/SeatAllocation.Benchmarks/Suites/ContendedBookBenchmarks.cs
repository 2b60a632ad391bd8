using BenchmarkDotNet.Attributes;
using SeatAllocation.Postgres;
using SeatAllocation.Redis;

namespace SeatAllocation.Benchmarks.Suites;

/// <summary>
/// <see cref="Tasks"/> concurrent <c>BookAsync</c> calls for 1 place of one general-admission
/// show — one hot counter row — per strategy, against raw Npgsql doing the same in one statement
/// each. Reported per booking (OperationsPerInvoke). Strategies run with library defaults, so a
/// <c>Contended</c> answer counts as done, like a user would see it.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(8, 1)]
public class ContendedBookBenchmarks
{
    /// <summary>Concurrent tasks per invocation.</summary>
    public const int Tasks = 32;

    private SuiteStrategies strategies = null!;
    private string showPrefix = string.Empty;
    private int requests;

    /// <summary>One large general-admission show per strategy.</summary>
    [GlobalSetup]
    public void GlobalSetup() => GlobalSetupAsync().GetAwaiter().GetResult();

    // Synchronous entry above: the in-process toolchain does not await an async global setup.
    private async Task GlobalSetupAsync()
    {
        strategies = await BenchmarkServers.CreateStrategiesAsync().ConfigureAwait(false);
        showPrefix = $"bdn-contended-{Environment.ProcessId}-{Guid.NewGuid():N}";
        foreach (var strategy in new IAllocationStrategy[] { strategies.InMemory, strategies.Pessimistic, strategies.Optimistic, strategies.RedisAdmission })
        {
            await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(ShowFor(strategy.Name), AllocationLimits.MaxCapacity)).ConfigureAwait(false);
        }

        await strategies.Pessimistic.CreateShowAsync(ShowDefinition.GeneralAdmission(ShowFor("raw"), AllocationLimits.MaxCapacity)).ConfigureAwait(false);
    }

    /// <summary>Raw Npgsql: one conditional counter update + insert per booking.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Tasks)]
    public Task RawNpgsql() => Burst(request => strategies.Raw.TakeCapacityAsync(ShowFor("raw"), request, "user", 1));

    /// <summary>The pessimistic strategy.</summary>
    [Benchmark(OperationsPerInvoke = Tasks)]
    public Task Pessimistic() => Burst(request => strategies.Pessimistic.BookAsync(AllocationRequest.ForQuantity(ShowFor(strategies.Pessimistic.Name), request, "user", 1)));

    /// <summary>The optimistic strategy.</summary>
    [Benchmark(OperationsPerInvoke = Tasks)]
    public Task Optimistic() => Burst(request => strategies.Optimistic.BookAsync(AllocationRequest.ForQuantity(ShowFor(strategies.Optimistic.Name), request, "user", 1)));

    /// <summary>Redis admission in front of the pessimistic strategy.</summary>
    [Benchmark(OperationsPerInvoke = Tasks)]
    public Task RedisAdmission() => Burst(request => strategies.RedisAdmission.BookAsync(AllocationRequest.ForQuantity(ShowFor(strategies.RedisAdmission.Name), request, "user", 1)));

    /// <summary>The in-memory strategy.</summary>
    [Benchmark(OperationsPerInvoke = Tasks)]
    public Task InMemory() => Burst(request => strategies.InMemory.BookAsync(AllocationRequest.ForQuantity(ShowFor(strategies.InMemory.Name), request, "user", 1)));

    private string ShowFor(string strategy) => $"{showPrefix}-{strategy}";

    private Task Burst(Func<string, Task> book)
    {
        var tasks = new Task[Tasks];
        for (var i = 0; i < tasks.Length; i++)
        {
            var request = "c" + Interlocked.Increment(ref requests).ToString(System.Globalization.CultureInfo.InvariantCulture);
            tasks[i] = Task.Run(() => book(request));
        }

        return Task.WhenAll(tasks);
    }
}
