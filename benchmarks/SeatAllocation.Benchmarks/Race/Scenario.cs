using SeatAllocation.Benchmarks.Measurement;

namespace SeatAllocation.Benchmarks.Race;

/// <summary>One race scenario: a show, a crowd of clients and what each asks for.</summary>
internal abstract class Scenario
{
    /// <summary>Short id, used in show ids and on the command line (<c>--scenarios</c>).</summary>
    public abstract string Name { get; }

    /// <summary>Heading in the report.</summary>
    public abstract string Title { get; }

    /// <summary>The pgbench baseline this scenario's database work resembles most.</summary>
    public abstract BaselineKind Baseline { get; }

    /// <summary>The group-commit limit this scenario's throughput is shown as a fraction of.</summary>
    public abstract GroupCommitLimitKind Limit { get; }

    /// <summary>One or two sentences for the report: the show, the clients, what they do.</summary>
    public abstract string Describe(RaceSettings settings);

    /// <summary>Concurrent clients.</summary>
    public abstract int Clients(RaceSettings settings);

    /// <summary>
    /// How many instances of the strategy the clients are split over, as several app instances over
    /// the same servers would be: 1 unless the scenario is about that. A strategy whose instances do
    /// not share their state (<see cref="Strategies.StrategyEntry.InstancesShareState"/>) is not raced
    /// in a scenario of more than one.
    /// </summary>
    public virtual int Instances => 1;

    /// <summary>Sets up its show(s), plays the clients against <paramref name="strategy"/> and says what to verify.</summary>
    public abstract Task<ScenarioRun> RunAsync(IAllocationStrategy strategy, RaceSettings settings, string showPrefix, Action<long> progress);

    /// <summary>
    /// Plays the scenario against <see cref="Instances"/> instances of one strategy (<paramref name="instances"/>);
    /// a scenario of one instance plays <see cref="RunAsync(IAllocationStrategy, RaceSettings, string, Action{long})"/> on it.
    /// </summary>
    public virtual Task<ScenarioRun> RunAsync(IReadOnlyList<IAllocationStrategy> instances, RaceSettings settings, string showPrefix, Action<long> progress)
    {
        ArgumentNullException.ThrowIfNull(instances);
        return RunAsync(instances[0], settings, showPrefix, progress);
    }

    /// <summary>Distinct random seats of <paramref name="seatIds"/>, 1 to <paramref name="most"/> of them.</summary>
    protected static string[] PickSeats(string[] seatIds, int most)
    {
        ArgumentNullException.ThrowIfNull(seatIds);
        var count = Random.Shared.Next(1, most + 1);
        var picked = new HashSet<string>(StringComparer.Ordinal);
        while (picked.Count < count)
        {
            picked.Add(seatIds[Random.Shared.Next(seatIds.Length)]);
        }

        return [.. picked];
    }

    /// <summary>Seat ids <c>S000001</c>… so they sort in numeric order.</summary>
    protected static string[] SeatIds(int count) =>
        [.. Enumerable.Range(1, count).Select(n => "S" + n.ToString("D6", System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>Adds the units of a successful booking or confirmation to a running total.</summary>
    protected static void CountBooked(ref long total, AllocationResult? result)
    {
        if (result is { Succeeded: true })
        {
            Interlocked.Add(ref total, result.Allocation.Quantity);
        }
    }

    /// <summary>Runs a closed loop with the settings' duration, cap and client count, and stops early once <paramref name="done"/> says so.</summary>
    protected Task<LoadMeasurement> ClosedLoopAsync(RaceSettings settings, Func<ClientRecorder, int, long, Task> body, Action<long> progress, Func<bool>? done = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return LoadDriver.RunClosedLoopAsync(Clients(settings), settings.Duration, settings.MaxIterations, body, progress, done);
    }
}
