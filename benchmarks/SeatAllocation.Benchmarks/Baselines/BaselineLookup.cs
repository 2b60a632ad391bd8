using SeatAllocation.Benchmarks.Race;

namespace SeatAllocation.Benchmarks.Baselines;

/// <summary>Which of a run's baselines a scenario's throughput is divided by.</summary>
internal static class BaselineLookup
{
    /// <summary>The classic pgbench baseline (one transaction per allocation) the scenario's database work resembles most.</summary>
    public static BaselineResult? Classic(IEnumerable<BaselineResult> baselines, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return Named(baselines, scenario.Baseline switch
        {
            BaselineKind.HotRow => PgBench.HotRow,
            BaselineKind.RandomRows => PgBench.RandomRows,
            _ => PgBench.SelectOne,
        });
    }

    /// <summary>The group-commit limit (allocations/s with 64 per statement) matching the scenario.</summary>
    public static BaselineResult? Limit(IEnumerable<BaselineResult> baselines, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return Named(baselines, scenario.Limit == GroupCommitLimitKind.NamedSeats ? GroupCommitLimit.NamedSeats : GroupCommitLimit.GeneralAdmission);
    }

    /// <summary>The redis-benchmark EVAL baseline every row is also divided by.</summary>
    public static BaselineResult? Redis(IEnumerable<BaselineResult> baselines) => Named(baselines, RedisBenchmark.Eval);

    private static BaselineResult? Named(IEnumerable<BaselineResult> baselines, string name)
    {
        ArgumentNullException.ThrowIfNull(baselines);
        return baselines.FirstOrDefault(b => b.Name == name);
    }
}
