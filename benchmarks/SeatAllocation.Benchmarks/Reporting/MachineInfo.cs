using System.Globalization;
using System.Reflection;
using System.Runtime;
using System.Runtime.InteropServices;
using Npgsql;
using SeatAllocation.Benchmarks.Race;

namespace SeatAllocation.Benchmarks.Reporting;

/// <summary>Collects the machine, versions and server settings a report must name.</summary>
internal static class MachineInfo
{
    /// <summary>The machine, the versions and the main run's PostgreSQL server as it reported itself.</summary>
    public static List<KeyValuePair<string, string>> Collect(PostgresServerSettings postgres, string? redisVersion, string redisSource)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        var info = new List<KeyValuePair<string, string>>
        {
            new("date (UTC)", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)),
            new("commit", Environment.GetEnvironmentVariable("SEATALLOCATION_BENCH_COMMIT") is { Length: > 0 } commit ? commit : "(not given)"),
            new("OS", $"{RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})"),
            new("CPU", $"{CpuModel()}, {Environment.ProcessorCount} logical cores"),
            new("memory", MemoryTotal()),
            new(".NET", $"{RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, thread-pool spin limit {ThreadPoolSpinLimit()}, Release build"),
            new("Npgsql", VersionOf(typeof(NpgsqlDataSource).Assembly)),
            new("StackExchange.Redis", VersionOf(typeof(StackExchange.Redis.ConnectionMultiplexer).Assembly)),
            new("PostgreSQL", $"{postgres.Version} ({postgres.Source})"),
            new("PostgreSQL settings", $"{postgres.Summary}{(postgres.IsDurable ? " (durable: every commit waits for its WAL flush)" : " (not durable: test settings)")}"),
        };
        if (postgres.Storage is { } storage)
        {
            info.Add(new("PostgreSQL storage", storage));
        }

        info.Add(new("Redis", $"{redisVersion ?? "unavailable"} ({redisSource})"));
        info.Add(new("load average at start (1/5/15 min)", LoadAverage()));
        return info;
    }

    /// <summary>
    /// How long idle thread-pool workers spin before they sleep: the project sets 0 (see the
    /// benchmarks' project file), and the environment variable overrides it.
    /// </summary>
    private static string ThreadPoolSpinLimit() =>
        Environment.GetEnvironmentVariable("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit") is { Length: > 0 } variable
            ? variable
            : AppContext.GetData("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit")?.ToString() ?? "the runtime's default";

    /// <summary>The 1, 5 and 15 minute load averages, the best cheap sign of a noisy machine.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : "unknown CPU";

    private static string MemoryTotal()
    {
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) : null;
        var kb = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return kb is not null && long.TryParse(kb, CultureInfo.InvariantCulture, out var value)
            ? string.Create(CultureInfo.InvariantCulture, $"{value / 1024.0 / 1024.0:0.0} GiB")
            : "unknown";
    }

    private static string VersionOf(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? assembly.GetName().Version?.ToString() ?? "unknown";
}
