using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SeatAllocation.Servers;

/// <summary>
/// A throwaway Redis Cluster of three masters on loopback: three <see cref="ThrowawayRedis"/> servers
/// started with <c>--cluster-enabled yes</c> (each in its own temporary directory, on free ports,
/// watched by its own watchdog), joined by <c>redis-cli --cluster create … --cluster-replicas 0</c>,
/// and ready once every node's <c>CLUSTER INFO</c> says <c>cluster_state:ok</c>. The 16,384 slots
/// are split between the masters, so keys of different hash tags land on different processes and a
/// script over keys of two slots is refused (<c>CROSSSLOT</c>).
/// </summary>
/// <remarks>
/// There are no replicas and <c>cluster-require-full-coverage</c> is off: a master stopped with
/// <see cref="StopMasterAsync"/> takes only its own slots down, as a crashed master without a replica
/// does in production, and <see cref="RestartMasterAsync"/> brings it back, empty, with the same slots
/// (its <c>nodes.conf</c> survives). Needs Redis 7.0 or newer (<c>--cluster-port</c>) and
/// <c>redis-cli</c>.
/// </remarks>
public sealed class ThrowawayRedisCluster : IAsyncDisposable
{
    /// <summary>How many masters the cluster has.</summary>
    public const int MasterCount = 3;

    private const string DefaultCli = "/usr/bin/redis-cli";
    private static readonly TimeSpan CreateTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CliTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly string cli;
    private readonly List<ThrowawayRedis> masters = [];

    private ThrowawayRedisCluster(string cli)
    {
        this.cli = cli;
    }

    /// <summary>The masters' ports on 127.0.0.1. Which slots each serves, ask the cluster (<c>CLUSTER SLOTS</c>).</summary>
    public IReadOnlyList<int> Ports => [.. masters.Select(m => m.Port)];

    /// <summary>StackExchange.Redis configuration string naming every master: <c>127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3,abortConnect=false</c>.</summary>
    public string Configuration =>
        string.Join(',', masters.Select(m => "127.0.0.1:" + m.Port.ToString(CultureInfo.InvariantCulture))) + ",abortConnect=false";

    /// <summary>
    /// Starts three cluster-enabled <c>redis-server</c> processes, creates the cluster with
    /// <c>redis-cli</c> and waits until it is ready. Fails with an <see cref="InvalidOperationException"/>
    /// saying what is missing when <c>redis-server</c> or <c>redis-cli</c> is not installed, or carrying
    /// <c>redis-cli</c>'s output when the cluster does not form.
    /// </summary>
    public static async Task<ThrowawayRedisCluster> StartAsync(CancellationToken ct = default)
    {
        var cluster = new ThrowawayRedisCluster(FindCli());
        try
        {
            for (var i = 0; i < MasterCount; i++)
            {
                var bus = new ClusterBusPort();
                cluster.masters.Add(await ThrowawayRedis.StartAsync(bus.ArgumentsFor, ct).ConfigureAwait(false));
            }

            string[] create =
            [
                "--cluster", "create",
                .. cluster.masters.Select(m => "127.0.0.1:" + m.Port.ToString(CultureInfo.InvariantCulture)),
                "--cluster-replicas", "0",
                "--cluster-yes",
            ];
            var (exitCode, output) = await cluster.RunCliAsync(create, CreateTimeout, ct).ConfigureAwait(false);
            if (exitCode != 0 || output.Contains("[ERR]", StringComparison.Ordinal))
            {
                throw new InvalidOperationException(new StringBuilder()
                    .AppendLine(CultureInfo.InvariantCulture, $"redis-cli could not create the cluster (exit code {exitCode?.ToString(CultureInfo.InvariantCulture) ?? "none: timed out"}).")
                    .AppendLine(CultureInfo.InvariantCulture, $"Command: {cluster.cli} {string.Join(' ', create)}")
                    .AppendLine("Output:")
                    .AppendLine(output.TrimEnd())
                    .ToString());
            }

            await cluster.WaitUntilReadyAsync(ct).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Kills the master listening on <paramref name="port"/> (SIGKILL, like a crash). The other masters
    /// keep serving their slots; requests for the stopped master's slots fail until it is restarted.
    /// </summary>
    public Task StopMasterAsync(int port) => Master(port).StopAsync();

    /// <summary>
    /// Starts the master on <paramref name="port"/> again, empty but with its slots, and waits until
    /// every node says <c>cluster_state:ok</c> again.
    /// </summary>
    public async Task RestartMasterAsync(int port)
    {
        await Master(port).RestartAsync().ConfigureAwait(false);
        await WaitUntilReadyAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Kills every master and deletes their directories. Never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var master in masters)
        {
            await master.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"Redis Cluster of {masters.Count.ToString(CultureInfo.InvariantCulture)} masters at {Configuration}";

    private ThrowawayRedis Master(int port) =>
        masters.FirstOrDefault(m => m.Port == port)
        ?? throw new ArgumentException($"No master of this cluster listens on port {port.ToString(CultureInfo.InvariantCulture)}; its masters are on {string.Join(", ", Ports)}.", nameof(port));

    /// <summary>
    /// Polls <c>CLUSTER INFO</c> on every master until each sees all slots assigned, every node known
    /// and <c>cluster_state:ok</c>: <c>redis-cli --cluster create</c> returns once the nodes agree on
    /// the configuration, a little before they serve, and a restarted master waits a moment too.
    /// </summary>
    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        var notReady = new Dictionary<int, string>();
        while (true)
        {
            notReady.Clear();
            foreach (var master in masters)
            {
                var port = master.Port.ToString(CultureInfo.InvariantCulture);
                var (exitCode, info) = await RunCliAsync(["-h", "127.0.0.1", "-p", port, "cluster", "info"], CliTimeout, ct).ConfigureAwait(false);
                var ready = exitCode == 0
                    && info.Contains("cluster_state:ok", StringComparison.Ordinal)
                    && info.Contains("cluster_slots_assigned:16384", StringComparison.Ordinal)
                    && info.Contains("cluster_known_nodes:" + MasterCount.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                if (!ready)
                {
                    notReady[master.Port] = info;
                }
            }

            if (notReady.Count == 0)
            {
                return;
            }

            if (deadline.Elapsed > ReadyTimeout)
            {
                var report = new StringBuilder()
                    .AppendLine(CultureInfo.InvariantCulture, $"The Redis Cluster at {Configuration} was not ready within {ReadyTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
                foreach (var (port, info) in notReady)
                {
                    report.AppendLine(CultureInfo.InvariantCulture, $"CLUSTER INFO of 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}:").AppendLine(info.TrimEnd());
                }

                throw new InvalidOperationException(report.ToString());
            }

            await Task.Delay(PollInterval, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Runs <c>redis-cli</c>; its exit code (null when it was killed for taking longer than <paramref name="timeout"/>) and its output.</summary>
    private async Task<(int? ExitCode, string Output)> RunCliAsync(IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken ct)
    {
        var info = new ProcessStartInfo(cli)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"Could not start {cli}: {ex.Message}", ex);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            return (null, Read(output));
        }

        // The exit can be seen before the readers drain; the parameterless wait lets them finish.
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        return (process.ExitCode, Read(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string FindCli()
    {
        return LocalServer.FindOnPath("redis-cli") ?? (File.Exists(DefaultCli) ? DefaultCli : throw new InvalidOperationException(
            $"redis-cli was not found on PATH or at {DefaultCli}; the Redis Cluster tests need it to create the cluster " +
            $"(redis-cli --cluster create). Install it (Debian/Ubuntu: sudo apt-get install redis-tools, which redis-server depends on), " +
            $"or set {TestRedisCluster.EnvironmentVariable} to a StackExchange.Redis configuration string naming the masters of a running " +
            "cluster (tests that stop a master still need the local binaries), or run eng/test.sh, which installs them."));
    }

    /// <summary>
    /// The cluster bus port of one master (<c>--cluster-port</c>): a free port of its own rather than
    /// the data port + 10,000, which may be above 65,535 or taken. It is chosen again when the server
    /// is launched on a new data port (a retry after a port clash) and kept across restarts on the same
    /// one, so the other nodes find the restarted master where they knew it.
    /// </summary>
    private sealed class ClusterBusPort
    {
        private int dataPort;
        private int busPort;

        public IReadOnlyList<string> ArgumentsFor(int port)
        {
            if (port != dataPort)
            {
                dataPort = port;
                do
                {
                    busPort = LocalServer.FindFreePort();
                }
                while (busPort == port);
            }

            return
            [
                "--cluster-enabled", "yes",
                "--cluster-port", busPort.ToString(CultureInfo.InvariantCulture),
                "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", "5000",
                "--cluster-require-full-coverage", "no",
            ];
        }
    }
}
