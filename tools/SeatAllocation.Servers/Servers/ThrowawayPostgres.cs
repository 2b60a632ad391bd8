using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace SeatAllocation.Servers;

/// <summary>
/// A throwaway PostgreSQL server started from the local binaries (<c>initdb</c>, <c>pg_ctl</c>) in a
/// temporary directory, listening only on 127.0.0.1 on a free port, tuned for tests (no fsync,
/// 300 connections). <see cref="DisposeAsync"/> stops it and deletes the directory. A small
/// watchdog shell process does the same if this process dies without disposing it (killed test
/// host), so no server or directory outlives the test run.
/// </summary>
/// <remarks>
/// <c>initdb</c> refuses to run as root; when this process runs as root the server runs as the
/// <c>postgres</c> system user through <c>runuser</c>.
/// </remarks>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private const string SystemUser = "postgres";
    private const int StartAttempts = 5;
    private const int MaxLogChars = 16_000;

    /// <summary>The test settings, as <c>postgresql.conf</c> lines; <see cref="DockerPostgres"/> passes the same ones as <c>-c</c> arguments.</summary>
    internal static readonly string[] ServerSettings =
    [
        "listen_addresses = '127.0.0.1'",
        "max_connections = 300",
        "fsync = off",
        "synchronous_commit = off",
        "full_page_writes = off",
        "shared_buffers = 128MB",
    ];

    private readonly string rootDirectory;
    private readonly string dataDirectory;
    private readonly string logFile;
    private readonly string initDb;
    private readonly string pgCtl;
    private readonly string[] runAs;
    private readonly IReadOnlyList<string> extraSettings;
    private Process? watchdog;
    private int disposed;

    private ThrowawayPostgres(string rootDirectory, string initDb, string pgCtl, string[] runAs, IReadOnlyList<string> extraSettings)
    {
        this.rootDirectory = rootDirectory;
        dataDirectory = Path.Combine(rootDirectory, "data");
        logFile = Path.Combine(rootDirectory, "postgres.log");
        this.initDb = initDb;
        this.pgCtl = pgCtl;
        this.runAs = runAs;
        this.extraSettings = extraSettings;
    }

    /// <summary>Npgsql connection string: <c>Host=127.0.0.1;Port=…;Username=postgres;Database=postgres</c>, no password.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>The TCP port the server listens on (127.0.0.1 only).</summary>
    public int Port { get; private set; }

    /// <summary>
    /// Creates a cluster in a new temporary directory and starts it. Fails with an
    /// <see cref="InvalidOperationException"/> carrying the failing command's output and the server
    /// log when PostgreSQL cannot be found or started.
    /// </summary>
    public static Task<ThrowawayPostgres> StartAsync(CancellationToken ct = default) => StartAsync([], ct);

    /// <summary>
    /// Like <see cref="StartAsync(CancellationToken)"/>, with <paramref name="extraSettings"/>
    /// (<c>postgresql.conf</c> lines such as <c>"fsync = on"</c>) written after the test settings,
    /// so they win: the benchmarks start a durable server this way.
    /// </summary>
    public static async Task<ThrowawayPostgres> StartAsync(IReadOnlyList<string> extraSettings, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(extraSettings);
        var (initDb, pgCtl) = FindBinaries();
        var runAs = await IsRootAsync(ct).ConfigureAwait(false) ? await RunAsPostgresPrefixAsync(ct).ConfigureAwait(false) : [];

        var directory = Directory.CreateTempSubdirectory("seatallocation-pg-").FullName;
        var server = new ThrowawayPostgres(directory, initDb, pgCtl, runAs, extraSettings);
        try
        {
            await server.InitializeAsync(ct).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the server (<c>pg_ctl stop -m immediate</c>) and deletes its directory. Never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (File.Exists(Path.Combine(dataDirectory, "postmaster.pid")))
            {
                await RunAsync([.. runAs, pgCtl, "stop", "-D", dataDirectory, "-m", "immediate", "-w", "-t", "30"], rootDirectory, CancellationToken.None).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // Disposal is best effort; the watchdog retries.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        await LocalServer.DeleteDirectoryAsync(rootDirectory).ConfigureAwait(false);

        // Closing the watchdog's stdin lets it exit; it re-checks and finds nothing left to clean.
        if (watchdog is not null)
        {
            try
            {
                watchdog.StandardInput.Dispose();
            }
            catch (IOException)
            {
            }

            watchdog.Dispose();
            watchdog = null;
        }
    }

    /// <inheritdoc />
    /// <summary>
    /// Restarts the server with <c>pg_ctl restart -m fast</c> on the same port and data directory:
    /// every connection is terminated, committed data stays. For fault tests and the soak.
    /// </summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        var restart = await RunAsync(
            [.. runAs, pgCtl, "restart", "-D", dataDirectory, "-m", "fast", "-l", logFile, "-w", "-t", "60", "-o", $"-p {Port.ToString(CultureInfo.InvariantCulture)}"],
            rootDirectory,
            ct).ConfigureAwait(false);
        restart.ThrowIfFailed("pg_ctl restart failed.", ReadLog());
    }

    public override string ToString() => $"PostgreSQL at 127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)} ({rootDirectory})";

    private async Task InitializeAsync(CancellationToken ct)
    {
        if (runAs.Length > 0)
        {
            var chown = await RunAsync(["chown", SystemUser, rootDirectory], rootDirectory, ct).ConfigureAwait(false);
            chown.ThrowIfFailed($"Could not hand the temporary directory {rootDirectory} to the '{SystemUser}' user.", null);
        }

        StartWatchdog();

        var initdb = await RunAsync(
            [.. runAs, initDb, "-D", dataDirectory, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"],
            rootDirectory,
            ct).ConfigureAwait(false);
        initdb.ThrowIfFailed(
            runAs.Length > 0
                ? $"initdb failed (run as the '{SystemUser}' user because this process runs as root; the directory {rootDirectory} and its parents must be reachable by that user — point TMPDIR at /tmp if they are not)."
                : "initdb failed.",
            null);

        var settings = new StringBuilder().AppendLine().AppendLine("# SeatAllocation.Servers: throwaway server for tests");
        foreach (var setting in ServerSettings.Concat(extraSettings))
        {
            settings.AppendLine(setting);
        }

        settings.AppendLine(CultureInfo.InvariantCulture, $"unix_socket_directories = '{rootDirectory.Replace("'", "''", StringComparison.Ordinal)}'");
        await File.AppendAllTextAsync(Path.Combine(dataDirectory, "postgresql.conf"), settings.ToString(), ct).ConfigureAwait(false);

        for (var attempt = 1; ; attempt++)
        {
            var port = LocalServer.FindFreePort();
            var start = await RunAsync(
                [.. runAs, pgCtl, "start", "-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "-o", $"-p {port.ToString(CultureInfo.InvariantCulture)}"],
                rootDirectory,
                ct).ConfigureAwait(false);
            if (start.ExitCode == 0)
            {
                Port = port;
                ConnectionString = new NpgsqlConnectionStringBuilder
                {
                    Host = "127.0.0.1",
                    Port = port,
                    Username = "postgres",
                    Database = "postgres",
                }.ConnectionString;
                return;
            }

            var log = ReadLog();
            if (attempt < StartAttempts && log.Contains("already in use", StringComparison.OrdinalIgnoreCase))
            {
                continue; // Another process took the port between probing and binding; try another.
            }

            start.ThrowIfFailed($"pg_ctl start failed on port {port.ToString(CultureInfo.InvariantCulture)} (attempt {attempt.ToString(CultureInfo.InvariantCulture)}).", log);
        }
    }

    /// <summary>
    /// Starts <c>sh</c> in the background reading a pipe whose write end only this process holds.
    /// When this process exits — however it exits — the pipe reaches end-of-file and the script stops
    /// the server and deletes the directory. It ignores HUP/INT/TERM so a signal to the whole process
    /// group (Ctrl+C, a CI timeout) does not take it down before it has cleaned up.
    /// </summary>
    private void StartWatchdog()
    {
        const string Script = """
            trap '' HUP INT TERM
            exec 3<&0 </dev/null >/dev/null 2>&1
            dir=$1; data=$2; shift 2
            (
              cat <&3
              if [ -f "$data/postmaster.pid" ]; then "$@" stop -D "$data" -m immediate -w -t 30; fi
              rm -rf "$dir"
            ) &
            """;

        watchdog = LocalServer.StartWatchdog(rootDirectory, ["-c", Script, "seatallocation-pg-watchdog", rootDirectory, dataDirectory, .. runAs, pgCtl]);
    }

    private string ReadLog()
    {
        try
        {
            if (!File.Exists(logFile))
            {
                return "(no server log was written)";
            }

            var text = File.ReadAllText(logFile);
            return text.Length <= MaxLogChars ? text : "…" + text[^MaxLogChars..];
        }
        catch (IOException ex)
        {
            return $"(could not read the server log {logFile}: {ex.Message})";
        }
        catch (UnauthorizedAccessException ex)
        {
            return $"(could not read the server log {logFile}: {ex.Message})";
        }
    }

    private static (string InitDb, string PgCtl) FindBinaries()
    {
        var initDbOnPath = LocalServer.FindOnPath("initdb");
        if (initDbOnPath is not null)
        {
            // Prefer the pg_ctl next to initdb's real location, so both come from one version.
            var directory = Path.GetDirectoryName(ResolveLinks(initDbOnPath))!;
            var sibling = Path.Combine(directory, "pg_ctl");
            if (File.Exists(sibling))
            {
                return (Path.Combine(directory, "initdb"), sibling);
            }

            var pgCtlOnPath = LocalServer.FindOnPath("pg_ctl");
            if (pgCtlOnPath is not null)
            {
                return (initDbOnPath, pgCtlOnPath);
            }
        }

        const string DebianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(DebianRoot))
        {
            var newest = Directory.EnumerateDirectories(DebianRoot)
                .Select(dir => (Dir: Path.Combine(dir, "bin"), Version: ParseVersion(Path.GetFileName(dir))))
                .Where(c => c.Version is not null && File.Exists(Path.Combine(c.Dir, "initdb")) && File.Exists(Path.Combine(c.Dir, "pg_ctl")))
                .OrderByDescending(c => c.Version)
                .FirstOrDefault();
            if (newest.Dir is not null)
            {
                return (Path.Combine(newest.Dir, "initdb"), Path.Combine(newest.Dir, "pg_ctl"));
            }
        }

        throw new InvalidOperationException(
            "PostgreSQL server binaries not found: neither initdb and pg_ctl on PATH nor /usr/lib/postgresql/*/bin/initdb. " +
            "Install them (Debian/Ubuntu: sudo apt-get install postgresql).");
    }

    private static Version? ParseVersion(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version) ? version : null;

    private static string ResolveLinks(string path)
    {
        try
        {
            return File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return path;
        }
    }

    private static async Task<bool> IsRootAsync(CancellationToken ct)
    {
        try
        {
            var id = await RunAsync(["id", "-u"], null, ct).ConfigureAwait(false);
            if (id.ExitCode == 0)
            {
                return id.Output.Trim() == "0";
            }
        }
        catch (InvalidOperationException)
        {
            // No 'id' binary; fall back to the user name.
        }

        return Environment.UserName == "root";
    }

    private static async Task<string[]> RunAsPostgresPrefixAsync(CancellationToken ct)
    {
        var runuser = LocalServer.FindOnPath("runuser")
            ?? new[] { "/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "This process runs as root and initdb refuses to run as root, but 'runuser' (util-linux) was not found " +
                $"to run it as the '{SystemUser}' user. Run the tests as a non-root user, or install util-linux.");

        var user = await RunAsync(["id", "-u", SystemUser], null, ct).ConfigureAwait(false);
        if (user.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"This process runs as root and initdb refuses to run as root, but there is no '{SystemUser}' system user to run it as " +
                "(Debian's postgresql package creates it: sudo apt-get install postgresql). Run the tests as a non-root user, " +
                $"or create the user (useradd --system {SystemUser}).");
        }

        return [runuser, "-u", SystemUser, "--"];
    }

    private static async Task<CommandResult> RunAsync(IReadOnlyList<string> command, string? workingDirectory, CancellationToken ct)
    {
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        // Untranslated messages, so the output (and "address already in use") reads the same everywhere.
        info.Environment["LC_ALL"] = "C";
        info.Environment["LANG"] = "C";

        var commandLine = string.Join(' ', command.Select(Quote));
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start: {commandLine}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"Could not start: {commandLine}: {ex.Message}", ex);
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            // A daemon that kept our pipes open must not hang us: give the readers a moment, no more.
            var output = new StringBuilder();
            var readers = Task.WhenAll(stdout, stderr);
            if (await Task.WhenAny(readers, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false) == readers)
            {
                output.Append(await stdout.ConfigureAwait(false)).Append(await stderr.ConfigureAwait(false));
            }
            else
            {
                output.Append("(output not captured: a child process kept the pipes open)");
            }

            return new CommandResult(commandLine, process.ExitCode, output.ToString());
        }
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,@+".Contains(c, StringComparison.Ordinal))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private sealed record CommandResult(string CommandLine, int ExitCode, string Output)
    {
        public void ThrowIfFailed(string what, string? log)
        {
            if (ExitCode == 0)
            {
                return;
            }

            var message = new StringBuilder()
                .AppendLine(what)
                .AppendLine(CultureInfo.InvariantCulture, $"Command: {CommandLine}")
                .AppendLine(CultureInfo.InvariantCulture, $"Exit code: {ExitCode}")
                .AppendLine("Output:")
                .AppendLine(Output.TrimEnd());
            if (log is not null)
            {
                message.AppendLine("Server log:").AppendLine(log.TrimEnd());
            }

            throw new InvalidOperationException(message.ToString());
        }
    }
}
