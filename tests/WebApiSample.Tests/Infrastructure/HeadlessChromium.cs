using System.Diagnostics;

namespace WebApiSample.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium, headless, started afresh for each call with an empty profile and the flags that
/// keep it off the network (this machine's network is closed; without them it retries connections).
/// Pages run their scripts for a few seconds of virtual time before the DOM or screenshot is taken.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>The page's DOM after its scripts ran, as HTML.</summary>
    public static async Task<string> DumpDomAsync(Uri page) => await RunAsync(page, "--dump-dom");

    /// <summary>Saves a PNG of the page after its scripts ran.</summary>
    public static async Task ScreenshotAsync(Uri page, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await RunAsync(page, $"--screenshot={path}", "--window-size=1280,1600");
        Assert.True(File.Exists(path), $"Chromium wrote no screenshot to {path}.");
    }

    private static async Task<string> RunAsync(Uri page, params string[] arguments)
    {
        var executable = Find();
        var profile = Directory.CreateTempSubdirectory("seatallocation-chromium-");
        try
        {
            var start = new ProcessStartInfo(executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-quic", $"--user-data-dir={profile.FullName}",
                "--virtual-time-budget=10000",
            }.Concat(arguments).Append(page.ToString()))
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"Chromium did not finish {page} within {Timeout}.");
            }

            Assert.True(process.ExitCode == 0, $"Chromium exited with {process.ExitCode}: {await errors}");
            return await output;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    /// <summary>Chromium from PATH (Debian's package installs /usr/bin/chromium); a missing browser fails the test, never skips it.</summary>
    private static string Find() =>
        new[] { "chromium", "chromium-browser", "google-chrome" }
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("No Chromium on PATH: install Debian's 'chromium' package (eng/test.sh does, as root).");
}
