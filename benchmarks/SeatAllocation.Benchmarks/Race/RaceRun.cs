using SeatAllocation.Benchmarks.Baselines;
using SeatAllocation.Benchmarks.Strategies;

namespace SeatAllocation.Benchmarks.Race;

/// <summary>
/// What one PostgreSQL server measured: its settings, the baselines taken on it, and every
/// scenario × strategy raced on it. A report has one, plus a second for the durable rerun.
/// </summary>
internal sealed record RaceRun
{
    /// <summary>The run every report has.</summary>
    public const string MainName = "main";

    /// <summary>The hot scenarios again on a durable server (<c>--full</c>, <c>--durable-rerun</c>).</summary>
    public const string DurableRerunName = "durable-rerun";

    /// <summary>The run's name in the results file: <see cref="MainName"/> or <see cref="DurableRerunName"/>.</summary>
    public required string Name { get; init; }

    /// <summary>The server as it reported itself; null when it was not read (a hand-built report).</summary>
    public PostgresServerSettings? Server { get; init; }

    public required IReadOnlyList<BaselineResult> Baselines { get; init; }

    public required IReadOnlyList<Scenario> Scenarios { get; init; }

    public required IReadOnlyList<StrategyEntry> Strategies { get; init; }

    public required IReadOnlyList<ScenarioResult> Results { get; init; }

    /// <summary>The classic pgbench baseline a scenario's throughput is divided by.</summary>
    public BaselineResult? BaselineFor(Scenario scenario) => BaselineLookup.Classic(Baselines, scenario);

    /// <summary>The group-commit limit a scenario's throughput is shown as a fraction of.</summary>
    public BaselineResult? LimitFor(Scenario scenario) => BaselineLookup.Limit(Baselines, scenario);

    /// <summary>The redis-benchmark EVAL baseline.</summary>
    public BaselineResult? RedisBaseline => BaselineLookup.Redis(Baselines);

    /// <summary>The row of one scenario × strategy, or null when it did not run.</summary>
    public ScenarioResult? Find(string scenario, string strategy) => Results.FirstOrDefault(r => r.Scenario == scenario && r.Strategy == strategy);
}
