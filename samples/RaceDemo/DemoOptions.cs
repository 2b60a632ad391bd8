using System.Globalization;

namespace SeatAllocation.RaceDemo;

/// <summary>The demo's command line: <c>[--clients N] [--seats N] [--keep]</c>.</summary>
/// <param name="Clients">How many clients rush the show at once (default 1000).</param>
/// <param name="Seats">How many seats are left when they do (default 10).</param>
/// <param name="Keep">Whether to keep the APIs (and their servers) running after the race, until Ctrl+C.</param>
internal sealed record DemoOptions(int Clients, int Seats, bool Keep)
{
    public const string Usage = "usage: RaceDemo [--clients N] [--seats N] [--keep]   (defaults: 1000 clients, the last 10 seats)";

    /// <summary>Parses the arguments, or returns <see langword="null"/> when they are not understood.</summary>
    public static DemoOptions? Parse(IReadOnlyList<string> args)
    {
        var options = new DemoOptions(1000, 10, false);
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--keep":
                    options = options with { Keep = true };
                    break;
                case "--clients" when Number(args, i + 1) is { } clients and <= 100_000:
                    options = options with { Clients = clients };
                    i++;
                    break;
                case "--seats" when Number(args, i + 1) is { } seats and <= 10_000:
                    options = options with { Seats = seats };
                    i++;
                    break;
                default:
                    return null;
            }
        }

        return options;
    }

    private static int? Number(IReadOnlyList<string> args, int index) =>
        index < args.Count && int.TryParse(args[index], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;
}
