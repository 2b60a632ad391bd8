using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SeatAllocation.Servers;

/// <summary>What the throwaway servers share: finding binaries and free ports, and cleaning up.</summary>
internal static class LocalServer
{
    internal static async Task DeleteDirectoryAsync(string path)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }

            // A server process may still be removing its files; the watchdog is the last resort.
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    internal static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    internal static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Starts <c>sh</c> with <paramref name="arguments"/> as a watchdog that cleans up when the
    /// test process dies, however it dies: it holds the write end of its standard input.
    /// </summary>
    internal static Process StartWatchdog(string workingDirectory, string[] arguments)
    {
        var info = new ProcessStartInfo("sh")
        {
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(info) ?? throw new InvalidOperationException("Could not start the cleanup watchdog (sh).");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"Could not start the cleanup watchdog (sh): {ex.Message}", ex);
        }
    }
}
