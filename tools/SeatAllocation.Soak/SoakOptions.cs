using System.Globalization;

namespace SeatAllocation.Soak;

/// <summary>Command line: <c>[--quick | --long] [--seed N] [--out FILE] [--app DLL] [--duration SECONDS] [--operations N]</c>.</summary>
public sealed record SoakOptions
{
    public int Seed { get; init; } = Environment.TickCount & 0x7FFFFFFF;

    /// <summary>How long the faults and the workload run (quick mode).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>When set (long mode), the workload runs until this many operations are done.</summary>
    public long? Operations { get; init; }

    public string Mode { get; init; } = "quick";

    public string Out { get; init; } = Path.Combine("artifacts", "soak", "report.md");

    public string App { get; init; } = Path.Combine("samples", "WebApiSample", "bin", "Release", "net10.0", "WebApiSample.dll");

    public int ClientsPerStrategy { get; init; } = 8;

    public static SoakOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SoakOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.", nameof(args));
            options = args[i] switch
            {
                "--quick" => options with { Mode = "quick", Duration = TimeSpan.FromSeconds(90), Operations = null },
                "--long" => options with { Mode = "long", Operations = 1_000_000, Out = Path.Combine("docs", "reliability", "report.md") },
                "--seed" => options with { Seed = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--out" => options with { Out = Value() },
                "--app" => options with { App = Value() },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(int.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--operations" => options with { Operations = long.Parse(Value(), CultureInfo.InvariantCulture) },
                "--clients" => options with { ClientsPerStrategy = int.Parse(Value(), CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Use --quick, --long, --seed N, --out FILE, --app DLL, --duration SECONDS, --operations N, --clients N.", nameof(args)),
            };
        }

        return options;
    }
}
