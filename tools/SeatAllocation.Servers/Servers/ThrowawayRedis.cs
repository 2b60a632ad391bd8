using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SeatAllocation.Servers;

/// <summary>
/// A throwaway Redis server: <c>redis-server</c> run as a child process in a temporary directory,
/// listening only on 127.0.0.1 on a free port, without persistence (no RDB snapshots, no AOF).
/// <see cref="StopAsync"/> and <see cref="RestartAsync"/> let fault tests take it down mid-operation
/// and bring it back on the same port (empty, since nothing is persisted). <see cref="DisposeAsync"/>
/// kills it and deletes the directory. A small watchdog shell process does the same if this process
/// dies without disposing it (killed test host), so no server or directory outlives the test run.
/// </summary>
public sealed class ThrowawayRedis : IAsyncDisposable
{
    private const string DefaultBinary = "/usr/bin/redis-server";
    private const int StartAttempts = 5;
    private const int MaxLogChars = 16_000;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(10);

    private readonly string rootDirectory;
    private readonly string binary;
    private readonly Func<int, IReadOnlyList<string>> extraArguments;
    private readonly ServerLog log = new();
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Lock sync = new();
    private Process? server;
    private Process? watchdog;
    private bool disposed;

    private ThrowawayRedis(string rootDirectory, string binary, Func<int, IReadOnlyList<string>> extraArguments)
    {
        this.rootDirectory = rootDirectory;
        this.binary = binary;
        this.extraArguments = extraArguments;
    }

    /// <summary>StackExchange.Redis configuration string: <c>127.0.0.1:PORT,abortConnect=false</c>.</summary>
    public string Configuration { get; private set; } = string.Empty;

    /// <summary>The TCP port the server listens on (127.0.0.1 only); the same across <see cref="RestartAsync"/>.</summary>
    public int Port { get; private set; }

    /// <summary>
    /// Starts <c>redis-server</c> (from PATH, else <c>/usr/bin/redis-server</c>) on a free loopback
    /// port in a new temporary directory and waits until it answers. Fails with an
    /// <see cref="InvalidOperationException"/> saying how to get a server when <c>redis-server</c> is
    /// not installed, or carrying its output when it does not start.
    /// </summary>
    public static Task<ThrowawayRedis> StartAsync(CancellationToken ct = default) => StartAsync(static _ => [], ct);

    /// <summary>
    /// Starts a server as <see cref="StartAsync(CancellationToken)"/> does, with more
    /// <c>redis-server</c> arguments: <paramref name="extraArguments"/> is given the port of each
    /// launch (a retry on another port, a restart on the same one), so ports derived from it stay in step.
    /// </summary>
    internal static async Task<ThrowawayRedis> StartAsync(Func<int, IReadOnlyList<string>> extraArguments, CancellationToken ct)
    {
        var binary = FindBinary();
        var directory = Directory.CreateTempSubdirectory("seatallocation-redis-").FullName;
        var redis = new ThrowawayRedis(directory, binary, extraArguments);
        try
        {
            redis.StartWatchdog();
            await redis.gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                await redis.StartServerAsync(fixedPort: null, ct).ConfigureAwait(false);
            }
            finally
            {
                redis.gate.Release();
            }

            return redis;
        }
        catch
        {
            await redis.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Kills the server (SIGKILL, like a crash: clients see their connections reset). Does nothing
    /// when it is already stopped. The port and the directory stay reserved for <see cref="RestartAsync"/>.
    /// </summary>
    public async Task StopAsync()
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            await StopServerAsync().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Kills the server if it runs and starts it again on the same port with the same directory.
    /// It comes back empty (nothing is persisted); clients with <c>abortConnect=false</c> reconnect.
    /// </summary>
    public async Task RestartAsync()
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            await StopServerAsync().ConfigureAwait(false);
            await StartServerAsync(Port, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Kills the server and deletes its directory. Never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        Process? running;
        lock (sync)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            running = server;
            server = null;
        }

        // Not under the gate: disposal must not wait for a start in progress (which sees the flag
        // and kills what it started) and must work from a ProcessExit handler.
        if (running is not null)
        {
            await KillAsync(running).ConfigureAwait(false);
        }

        await LocalServer.DeleteDirectoryAsync(rootDirectory).ConfigureAwait(false);

        // Closing the watchdog's stdin lets it exit; it re-checks and finds nothing left to clean.
        Process? shell;
        lock (sync)
        {
            shell = watchdog;
            watchdog = null;
        }

        if (shell is not null)
        {
            try
            {
                shell.StandardInput.Dispose();
            }
            catch (IOException)
            {
            }

            shell.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"Redis at 127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)} ({rootDirectory})";

    private bool IsDisposed
    {
        get
        {
            lock (sync)
            {
                return disposed;
            }
        }
    }

    /// <summary>Starts the server; on a free port with retries when <paramref name="fixedPort"/> is null. Runs under the gate.</summary>
    private async Task StartServerAsync(int? fixedPort, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = fixedPort ?? LocalServer.FindFreePort();
            var (process, commandLine) = Launch(port);
            var outcome = await WaitUntilReadyAsync(process, port, ct).ConfigureAwait(false);
            if (outcome == StartOutcome.Ready)
            {
                Port = port;
                Configuration = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)},abortConnect=false";
                return;
            }

            await DetachAsync(process).ConfigureAwait(false);
            var exitCode = outcome == StartOutcome.Exited ? process.ExitCode : (int?)null;
            process.Dispose();
            var portTaken = exitCode is not null && log.Current.Contains("already in use", StringComparison.OrdinalIgnoreCase);
            if (portTaken && attempt < StartAttempts)
            {
                if (fixedPort is not null)
                {
                    // Restarting on our own port: a client socket may briefly hold it; wait, then retry.
                    await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), ct).ConfigureAwait(false);
                }

                continue; // Otherwise another process took the port between probing and binding; try another.
            }

            var portText = port.ToString(CultureInfo.InvariantCulture);
            var what = outcome switch
            {
                StartOutcome.Exited when portTaken && fixedPort is not null =>
                    $"redis-server could not be restarted: port {portText} is in use by another process (attempt {attempt.ToString(CultureInfo.InvariantCulture)}).",
                StartOutcome.Exited =>
                    $"redis-server exited with code {exitCode?.ToString(CultureInfo.InvariantCulture)} before accepting connections on 127.0.0.1:{portText} (attempt {attempt.ToString(CultureInfo.InvariantCulture)}).",
                _ =>
                    $"redis-server did not accept connections on 127.0.0.1:{portText} within {StartTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s; it was killed.",
            };
            throw new InvalidOperationException(new StringBuilder()
                .AppendLine(what)
                .AppendLine(CultureInfo.InvariantCulture, $"Command: {commandLine}")
                .AppendLine("Server output:")
                .AppendLine(log.Current.TrimEnd())
                .ToString());
        }
    }

    private (Process Process, string CommandLine) Launch(int port)
    {
        string[] arguments =
        [
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--save", string.Empty,
            "--appendonly", "no",
            "--dir", rootDirectory,
            "--protected-mode", "yes",
            "--daemonize", "no",
            .. extraArguments(port),
        ];
        var commandLine = string.Join(' ', arguments.Prepend(binary).Select(Quote));

        var info = new ProcessStartInfo(binary)
        {
            // Our own pipes, never the test host's: a server holding those would keep its output open.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = rootDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        log.Begin($"--- {commandLine}");
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => log.Append(e.Data);
        process.ErrorDataReceived += (_, e) => log.Append(e.Data);
        try
        {
            if (!process.Start())
            {
                throw new InvalidOperationException($"Could not start: {commandLine}");
            }
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException($"Could not start: {commandLine}: {ex.Message}", ex);
        }

        bool disposedMeanwhile;
        lock (sync)
        {
            disposedMeanwhile = disposed;
            if (!disposedMeanwhile)
            {
                server = process;
            }
        }

        if (disposedMeanwhile)
        {
            process.Kill();
            process.Dispose();
            throw new ObjectDisposedException(nameof(ThrowawayRedis));
        }

        TellWatchdog(process.Id.ToString(CultureInfo.InvariantCulture));
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, commandLine);
    }

    /// <summary>
    /// Polls with <c>INFO server</c> until the server answering on the port is ours (its
    /// <c>process_id</c>), the process exits, or <see cref="StartTimeout"/> passes.
    /// </summary>
    private static async Task<StartOutcome> WaitUntilReadyAsync(Process process, int port, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                // Let the output readers drain, so the log shows why it exited.
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                return StartOutcome.Exited;
            }

            if (await ProbeProcessIdAsync(port, ct).ConfigureAwait(false) == process.Id)
            {
                return StartOutcome.Ready;
            }

            if (deadline.Elapsed > StartTimeout)
            {
                return StartOutcome.TimedOut;
            }

            await Task.Delay(ProbeInterval, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The <c>process_id</c> of the Redis server answering on the port, or null when none answers (yet).</summary>
    private static async Task<int?> ProbeProcessIdAsync(int port, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync("*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n"u8.ToArray(), timeout.Token).ConfigureAwait(false);
            var reply = await ReadBulkStringAsync(stream, timeout.Token).ConfigureAwait(false);
            if (reply is null)
            {
                return null; // An error reply (e.g. -LOADING): not ready.
            }

            foreach (var line in reply.Split('\n'))
            {
                if (line.StartsWith("process_id:", StringComparison.Ordinal) &&
                    int.TryParse(line.AsSpan("process_id:".Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    return id;
                }
            }

            return null;
        }
        catch (SocketException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Reads one RESP reply; its text when it is a bulk string, null for anything else.</summary>
    private static async Task<string?> ReadBulkStringAsync(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int? total = null;
        var headerLength = 0;
        while (total is null || buffer.Length < total)
        {
            var read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
            if (total is null)
            {
                var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
                var end = bytes.IndexOf("\r\n"u8);
                if (end < 0)
                {
                    continue;
                }

                if (bytes[0] != (byte)'$' ||
                    !int.TryParse(bytes[1..end], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
                {
                    return null;
                }

                headerLength = end + 2;
                total = headerLength + length + 2;
            }
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), headerLength, total.Value - headerLength - 2);
    }

    /// <summary>Kills the current server, if any, and waits until it is gone. Runs under the gate.</summary>
    private async Task StopServerAsync()
    {
        Process? running;
        lock (sync)
        {
            running = server;
            server = null;
        }

        if (running is not null)
        {
            await KillAsync(running).ConfigureAwait(false);
            TellWatchdog("-");
        }
    }

    /// <summary>Forgets a server process that failed to start, killing it if it still runs.</summary>
    private async Task DetachAsync(Process process)
    {
        lock (sync)
        {
            if (ReferenceEquals(server, process))
            {
                server = null;
            }
        }

        if (!process.HasExited)
        {
            process.Kill();
        }

        await WaitForExitAsync(process).ConfigureAwait(false);
        TellWatchdog("-");
    }

    private static async Task KillAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            await WaitForExitAsync(process).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
#pragma warning disable CA1031 // Killing is best effort; the watchdog retries.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            process.Dispose();
        }
    }

    private static async Task WaitForExitAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(KillTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Still running after SIGKILL (uninterruptible I/O?); the watchdog is the last resort.
        }
    }

    /// <summary>
    /// Starts <c>sh</c> in the background reading a pipe whose write end only this process holds.
    /// Each line written to it is the pid of the running server, or <c>-</c> for none. When this
    /// process exits — however it exits — the pipe reaches end-of-file and the script kills the last
    /// server it was told about (if that pid still belongs to a redis-server) and deletes the
    /// directory. It ignores HUP/INT/TERM so a signal to the whole process group (Ctrl+C, a CI
    /// timeout) does not take it down before it has cleaned up.
    /// </summary>
    private void StartWatchdog()
    {
        const string Script = """
            trap '' HUP INT TERM
            exec 3<&0 </dev/null >/dev/null 2>&1
            dir=$1
            (
              pid=-
              while IFS= read -r line <&3; do pid=$line; done
              if [ "$pid" != - ] && { [ ! -d /proc ] || grep -qs redis "/proc/$pid/comm"; }; then kill -9 "$pid"; fi
              rm -rf "$dir"
            ) &
            """;

        watchdog = LocalServer.StartWatchdog(rootDirectory, ["-c", Script, "seatallocation-redis-watchdog", rootDirectory]);
        watchdog.StandardInput.AutoFlush = true;
    }

    private void TellWatchdog(string line)
    {
        lock (sync)
        {
            try
            {
                watchdog?.StandardInput.WriteLine(line);
            }
            catch (IOException)
            {
                // The watchdog is gone; disposal still cleans up while this process lives.
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private static string FindBinary()
    {
        return LocalServer.FindOnPath("redis-server") ?? (File.Exists(DefaultBinary) ? DefaultBinary : throw new InvalidOperationException(
            $"redis-server was not found on PATH or at {DefaultBinary}. Set {TestRedis.EnvironmentVariable} to a StackExchange.Redis " +
            "configuration string (e.g. 127.0.0.1:6379,abortConnect=false), or install redis-server " +
            "(Debian/Ubuntu: sudo apt-get install redis-server), or run eng/test.sh, which installs it."));
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,@+".Contains(c, StringComparison.Ordinal))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private enum StartOutcome
    {
        Ready,
        Exited,
        TimedOut,
    }

    /// <summary>The servers' output since the last start (the previous starts' output is dropped), bounded.</summary>
    private sealed class ServerLog
    {
        private readonly Lock sync = new();
        private readonly StringBuilder text = new();

        public string Current
        {
            get
            {
                lock (sync)
                {
                    return text.Length == 0 ? "(no output)" : text.ToString();
                }
            }
        }

        public void Begin(string header)
        {
            lock (sync)
            {
                text.Clear().AppendLine(header);
            }
        }

        public void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (sync)
            {
                text.AppendLine(line);
                if (text.Length > MaxLogChars)
                {
                    text.Remove(0, text.Length - MaxLogChars).Insert(0, '…');
                }
            }
        }
    }
}
