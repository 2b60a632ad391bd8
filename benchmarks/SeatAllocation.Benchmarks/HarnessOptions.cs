using System.Globalization;

using SeatAllocation.Benchmarks.Race;

namespace SeatAllocation.Benchmarks;

/// <summary>The race command's options.</summary>
internal sealed record HarnessOptions
{
    public const string Usage = """
        usage: SeatAllocation.Benchmarks race [--quick | --full] [--out FILE] [--banner TEXT]
                                              [--scenarios a,b] [--strategies x,y] [--duration SECONDS]
                                              [--durable] [--durable-rerun a,b | none]
                                              [--bdn-results DIR] [--command TEXT]
               SeatAllocation.Benchmarks bdn [BenchmarkDotNet arguments, e.g. --filter *]

          --durable        run on a PostgreSQL server with fsync, synchronous_commit and full_page_writes on
          --durable-rerun  after the main run, race these scenarios again (with their own baselines) on a
                           durable server, for the report's comparison; --full does it for the hot scenarios
                           (last-seats-rush, hot-show-ga, hot-show-ga-crowd, hot-show-reserved), "none" turns it off
        The markdown report goes to FILE, the same results as JSON next to it (report.md -> report.json).
        """;

    public RaceSettings Settings { get; init; } = RaceSettings.Quick;

    public string OutFile { get; init; } = Path.Combine("docs", "benchmarks", "report.md");

    public string? Banner { get; init; }

    public IReadOnlyList<string> Scenarios { get; init; } = [];

    public IReadOnlyList<string> Strategies { get; init; } = [];

    public string? BenchmarkDotNetResults { get; init; }

    /// <summary>Run on a durable PostgreSQL server (fsync and synchronous_commit on) instead of the test settings.</summary>
    public bool Durable { get; init; }

    public string CommandLine { get; init; } = "SeatAllocation.Benchmarks race";

    /// <summary>Parses the arguments after <c>race</c>; throws <see cref="ArgumentException"/> with the problem.</summary>
    public static HarnessOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new HarnessOptions();
        TimeSpan? duration = null;
        IReadOnlyList<string>? durableRerun = null;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--quick": options = options with { Settings = RaceSettings.Quick }; break;
                case "--full": options = options with { Settings = RaceSettings.Full }; break;
                case "--out": options = options with { OutFile = Value() }; break;
                case "--banner": options = options with { Banner = Value() }; break;
                case "--scenarios": options = options with { Scenarios = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) }; break;
                case "--strategies": options = options with { Strategies = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) }; break;
                case "--bdn-results": options = options with { BenchmarkDotNetResults = Value() }; break;
                case "--command": options = options with { CommandLine = Value() }; break;
                case "--durable": options = options with { Durable = true }; break;
                case "--durable-rerun":
                    var names = Value();
                    durableRerun = names == "none" ? [] : names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    break;
                case "--duration":
                    var text = Value();
                    duration = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                        ? TimeSpan.FromSeconds(seconds)
                        : throw new ArgumentException($"--duration takes a positive number of seconds, not '{text}'.");
                    break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        // Applied last, so they hold whichever of --quick and --full comes after them.
        var settings = options.Settings;
        settings = duration is { } d ? settings with { Duration = d } : settings;
        settings = durableRerun is not null ? settings with { DurableRerun = durableRerun } : settings;
        return options with { Settings = settings };
    }
}
