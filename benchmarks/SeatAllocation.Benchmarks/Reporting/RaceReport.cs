using SeatAllocation.Benchmarks.Baselines;
using SeatAllocation.Benchmarks.Race;
using SeatAllocation.Benchmarks.Strategies;

namespace SeatAllocation.Benchmarks.Reporting;

/// <summary>Everything one harness run found, ready to be written as markdown.</summary>
internal sealed record RaceReport
{
    /// <summary>A warning shown at the top (e.g. "pipeline check, noisy machine"), or null.</summary>
    public string? Banner { get; init; }

    public required RaceSettings Settings { get; init; }

    /// <summary>How the run was started, e.g. <c>eng/bench.sh --quick</c>.</summary>
    public required string CommandLine { get; init; }

    /// <summary>Machine, versions and server settings, as label/value pairs.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Machine { get; init; }

    public required IReadOnlyList<BaselineResult> Baselines { get; init; }

    public required IReadOnlyList<Scenario> Scenarios { get; init; }

    public required IReadOnlyList<StrategyEntry> Strategies { get; init; }

    public required IReadOnlyList<ScenarioResult> Results { get; init; }

    public required TimeSpan Duration { get; init; }

    /// <summary>File name of the SVG chart, next to the report; null for no chart.</summary>
    public string? ChartFileName { get; init; }

    /// <summary>BenchmarkDotNet's GitHub-markdown tables (title, markdown), from <c>--full</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> BenchmarkDotNet { get; init; } = [];

    /// <summary>The main run's PostgreSQL server as it reported itself; null when not read.</summary>
    public PostgresServerSettings? Server { get; init; }

    /// <summary>The hot scenarios raced again on a durable server, with its own baselines; null when there was none.</summary>
    public RaceRun? DurableRerun { get; init; }

    /// <summary>Why a durable rerun that was asked for did not happen (or was not needed); null when it ran or was not asked for.</summary>
    public string? DurableRerunNote { get; init; }

    /// <summary>The main run as a <see cref="RaceRun"/>, so it can be written like the durable rerun.</summary>
    public RaceRun Main => new()
    {
        Name = RaceRun.MainName,
        Server = Server,
        Baselines = Baselines,
        Scenarios = Scenarios,
        Strategies = Strategies,
        Results = Results,
    };

    /// <summary>Every run of the report: the main run, then the durable rerun when there is one.</summary>
    public IEnumerable<RaceRun> Runs => DurableRerun is null ? [Main] : [Main, DurableRerun];

    /// <summary>The baseline a scenario's throughput is divided by.</summary>
    public BaselineResult? BaselineFor(Scenario scenario) => BaselineLookup.Classic(Baselines, scenario);

    /// <summary>The group-commit limit a scenario's throughput is shown as a fraction of.</summary>
    public BaselineResult? LimitFor(Scenario scenario) => BaselineLookup.Limit(Baselines, scenario);

    /// <summary>The redis-benchmark EVAL baseline every row is also divided by.</summary>
    public BaselineResult? RedisBaseline => BaselineLookup.Redis(Baselines);
}
