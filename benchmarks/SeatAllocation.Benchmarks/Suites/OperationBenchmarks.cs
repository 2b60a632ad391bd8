using BenchmarkDotNet.Attributes;
using SeatAllocation.Postgres;

namespace SeatAllocation.Benchmarks.Suites;

/// <summary>
/// Uncontended cost of one operation, per strategy, against a raw-Npgsql baseline doing the same
/// work in the fewest round trips. Each iteration runs <see cref="OperationsPerIteration"/>
/// operations, each on its own seat of a fresh show prepared (untimed) before the iteration, so every
/// call takes the success path.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(OperationsPerIteration, 1)]
public abstract class OperationBenchmarks
{
    /// <summary>Operations per iteration; also the seats of each iteration's show.</summary>
    public const int OperationsPerIteration = 64;

    private static int shows;
    private SuiteStrategies strategies = null!;
    private string showId = string.Empty;
    private string[] seatIds = [];
    private string[] allocationIds = [];
    private int next;

    /// <summary>Which operation this class measures, in show ids.</summary>
    protected abstract string Operation { get; }

    /// <summary>Connects to the benchmark database and builds the strategies.</summary>
    [GlobalSetup]
    public void GlobalSetup() => GlobalSetupAsync().GetAwaiter().GetResult();

    // Synchronous entry above: the in-process toolchain does not await an async global setup.
    private async Task GlobalSetupAsync()
    {
        strategies = await BenchmarkServers.CreateStrategiesAsync().ConfigureAwait(false);
    }

    /// <summary>Fresh show for the baseline (created and prepared through the pessimistic strategy: same tables).</summary>
    [IterationSetup(Target = nameof(RawNpgsql))]
    public void PrepareRaw() => Prepare(strategies.Pessimistic);

    /// <summary>Fresh show for the pessimistic strategy.</summary>
    [IterationSetup(Target = nameof(Pessimistic))]
    public void PreparePessimistic() => Prepare(strategies.Pessimistic);

    /// <summary>Fresh show for the optimistic strategy.</summary>
    [IterationSetup(Target = nameof(Optimistic))]
    public void PrepareOptimistic() => Prepare(strategies.Optimistic);

    /// <summary>Fresh show for the Redis admission strategy.</summary>
    [IterationSetup(Target = nameof(RedisAdmission))]
    public void PrepareRedisAdmission() => Prepare(strategies.RedisAdmission);

    /// <summary>Fresh show for the in-memory strategy.</summary>
    [IterationSetup(Target = nameof(InMemory))]
    public void PrepareInMemory() => Prepare(strategies.InMemory);

    /// <summary>The same work in one raw Npgsql statement.</summary>
    [Benchmark(Baseline = true)]
    public Task RawNpgsql() => RunRawAsync(strategies.Raw, showId, seatIds[next], allocationIds[next++]);

    /// <summary>The pessimistic strategy.</summary>
    [Benchmark]
    public Task Pessimistic() => RunAsync(strategies.Pessimistic, showId, seatIds[next], allocationIds[next++]);

    /// <summary>The optimistic strategy.</summary>
    [Benchmark]
    public Task Optimistic() => RunAsync(strategies.Optimistic, showId, seatIds[next], allocationIds[next++]);

    /// <summary>Redis admission in front of the pessimistic strategy.</summary>
    [Benchmark]
    public Task RedisAdmission() => RunAsync(strategies.RedisAdmission, showId, seatIds[next], allocationIds[next++]);

    /// <summary>The in-memory strategy.</summary>
    [Benchmark]
    public Task InMemory() => RunAsync(strategies.InMemory, showId, seatIds[next], allocationIds[next++]);

    /// <summary>Creates what one operation needs on seat <paramref name="seatId"/>; returns an allocation id or an empty string.</summary>
    protected abstract Task<string> PrepareItemAsync(IAllocationStrategy strategy, string showId, string seatId);

    /// <summary>The measured operation through a strategy.</summary>
    protected abstract Task RunAsync(IAllocationStrategy strategy, string showId, string seatId, string allocationId);

    /// <summary>The measured operation through raw Npgsql.</summary>
    private protected abstract Task RunRawAsync(RawNpgsqlAllocator raw, string showId, string seatId, string allocationId);

    /// <summary>Throws when a strategy did not take the success path, so no benchmark measures a rejection by mistake.</summary>
    protected static void Expect(AllocationResult result, string what)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{what}: {result}");
        }
    }

    private void Prepare(IAllocationStrategy strategy)
    {
        // BenchmarkDotNet's iteration setup is synchronous; blocking here is outside the measurement.
        PrepareAsync(strategy).GetAwaiter().GetResult();
    }

    private async Task PrepareAsync(IAllocationStrategy strategy)
    {
        showId = $"bdn-{Operation}-{strategy.Name}-{Environment.ProcessId}-{Interlocked.Increment(ref shows)}";
        seatIds = [.. Enumerable.Range(1, OperationsPerIteration).Select(n => $"S{n:D3}")];
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, seatIds)).ConfigureAwait(false);
        var ids = new string[OperationsPerIteration];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = await PrepareItemAsync(strategy, showId, seatIds[i]).ConfigureAwait(false);
        }

        allocationIds = ids;
        next = 0;
    }
}
