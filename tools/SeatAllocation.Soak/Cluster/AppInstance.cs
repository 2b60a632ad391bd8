using System.Diagnostics;
using System.Globalization;

namespace SeatAllocation.Soak.Cluster;

/// <summary>
/// One process of samples/WebApiSample on a fixed loopback port, configured by environment
/// variables; killed with SIGKILL and started again on the same port by the nemesis.
/// </summary>
public sealed class AppInstance : IAsyncDisposable
{
    private readonly string appDll;
    private readonly IReadOnlyDictionary<string, string> environment;
    private readonly string logFile;
    private readonly Lock sync = new();
    private readonly SemaphoreSlim starting = new(1, 1);
    private Process? process;

    public AppInstance(string strategy, int index, int port, string appDll, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        Strategy = strategy;
        Index = index;
        Port = port;
        this.appDll = appDll;
        this.environment = environment;
        logFile = Path.Combine(logDirectory, $"app-{strategy}-{index.ToString(CultureInfo.InvariantCulture)}.log");
    }

    public string Strategy { get; }

    public int Index { get; }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    public bool IsRunning
    {
        get
        {
            lock (sync)
            {
                return process is { HasExited: false };
            }
        }
    }

    public override string ToString() => $"{Strategy}#{Index.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Starts the process and waits until it answers <c>/health</c> with 200. Starts of one instance
    /// run one at a time, each replacing the process before it: two restarts of an instance killed
    /// twice in a row used to start two processes, and the one no longer referenced outlived the soak.
    /// A process that does not get healthy is killed before this throws.
    /// </summary>
    public async Task StartAsync(HttpClient http, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await KillAsync().ConfigureAwait(false);
            try
            {
                await StartProcessAsync(http, timeout, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await KillAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            starting.Release();
        }
    }

    private async Task StartProcessAsync(HttpClient http, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet", [appDll])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(appDll)!,
        };
        info.Environment["ASPNETCORE_URLS"] = Address.ToString().TrimEnd('/');
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var started = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {this}.");
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        started.OutputDataReceived += (_, e) => WriteLog(log, e.Data);
        started.ErrorDataReceived += (_, e) => WriteLog(log, e.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        lock (sync)
        {
            process = started;
        }

        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (started.HasExited)
            {
                throw new InvalidOperationException($"{this} exited with {started.ExitCode.ToString(CultureInfo.InvariantCulture)} while starting; see {logFile}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Address, "health"), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"{this} did not answer /health within {timeout}; see {logFile}.");
    }

    /// <summary>Kills the process with SIGKILL, as a crash would.</summary>
    public async Task KillAsync()
    {
        Process? running;
        lock (sync)
        {
            running = process;
            process = null;
        }

        if (running is null)
        {
            return;
        }

        try
        {
            running.Kill(entireProcessTree: true);
            await running.WaitForExitAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            running.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        starting.Dispose();
    }

    private static void WriteLog(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }
}
