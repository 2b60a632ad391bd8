using System.Globalization;

namespace SeatAllocation.Benchmarks.Baselines;

/// <summary>Measures what the Redis server can do for a small Lua script, with redis-benchmark.</summary>
internal static class RedisBenchmark
{
    /// <summary>Baseline name, as the ratio columns use it.</summary>
    public const string Eval = "redis-benchmark EVAL";

    // About the size of an admission check: one key touched, one number back. The hash tag keeps
    // the key in one cluster slot, like the library's keys.
    private const string Script = "redis.call('INCR', KEYS[1]) return 1";

    /// <summary>Runs one EVAL benchmark against the server named by <paramref name="configuration"/>.</summary>
    public static async Task<BaselineResult> RunAsync(string configuration, int clients, int requests)
    {
        var tool = ExternalTool.Find("redis-benchmark", "/usr/bin/redis-benchmark");
        var description = $"redis-benchmark, EVAL \"{Script}\" (one key)";
        if (tool is null)
        {
            return new BaselineResult(Eval, description, clients, null, "redis-benchmark not found (Debian: package redis-tools, installed with redis-server)");
        }

        var (host, port, password) = ParseConfiguration(configuration);
        var arguments = new List<string>
        {
            "-h", host, "-p", port.ToString(CultureInfo.InvariantCulture),
            "-c", clients.ToString(CultureInfo.InvariantCulture), "-n", requests.ToString(CultureInfo.InvariantCulture), "--csv",
        };
        if (password is not null)
        {
            arguments.InsertRange(0, ["-a", password, "--no-auth-warning"]);
        }

        arguments.AddRange(["EVAL", Script, "1", "seatallocation-bench:{eval}:counter"]);
        var (exitCode, output) = await ExternalTool.RunAsync(tool, arguments).ConfigureAwait(false);
        var perSecond = exitCode == 0 ? ParseCsvRps(output) : null;
        return new BaselineResult(
            Eval,
            description,
            clients,
            perSecond,
            perSecond is null ? $"redis-benchmark failed (exit {exitCode}): {output.Trim()}" : $"redis-benchmark -c {clients} -n {requests} EVAL … (no pipelining)");
    }

    /// <summary>Requests per second from redis-benchmark's <c>--csv</c> output; null when absent.</summary>
    internal static double? ParseCsvRps(string output)
    {
        foreach (var line in (output ?? string.Empty).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.StartsWith("\"EVAL", StringComparison.Ordinal))
            {
                continue;
            }

            // "EVAL …","76335.88","0.447",… — the script may hold commas, so read from the end.
            var fields = line.Split("\",\"");
            if (fields.Length >= 8 && double.TryParse(fields[^7], NumberStyles.Float, CultureInfo.InvariantCulture, out var rps))
            {
                return rps;
            }
        }

        return null;
    }

    /// <summary>Host, port and password of the first endpoint of a StackExchange.Redis configuration string.</summary>
    internal static (string Host, int Port, string? Password) ParseConfiguration(string configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? endpoint = null;
        string? password = null;
        foreach (var part in configuration.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("password=", StringComparison.OrdinalIgnoreCase))
            {
                password = part["password=".Length..];
            }
            else if (!part.Contains('=', StringComparison.Ordinal))
            {
                endpoint ??= part;
            }
        }

        if (endpoint is null)
        {
            return ("127.0.0.1", 6379, password);
        }

        var colon = endpoint.LastIndexOf(':');
        return colon > 0 && int.TryParse(endpoint[(colon + 1)..], CultureInfo.InvariantCulture, out var port)
            ? (endpoint[..colon], port, password)
            : (endpoint, 6379, password);
    }
}
