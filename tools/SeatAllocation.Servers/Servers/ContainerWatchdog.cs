using System.Diagnostics;

namespace SeatAllocation.Servers;

/// <summary>
/// Removes a container when this process dies without disposing it, the job Testcontainers' resource
/// reaper (ryuk) does when it runs. Only started when the reaper is disabled
/// (<c>TESTCONTAINERS_RYUK_DISABLED=true</c>, as on machines that cannot pull its image) and the
/// <c>docker</c> command is installed; like the local servers' watchdogs it waits for end-of-file on a
/// pipe only this process holds.
/// </summary>
internal sealed class ContainerWatchdog : IDisposable
{
    private const string Script = """
        trap '' HUP INT TERM
        exec 3<&0 </dev/null >/dev/null 2>&1
        docker=$1; id=$2
        (
          cat <&3
          "$docker" rm -f -v "$id"
        ) &
        """;

    private Process? shell;

    private ContainerWatchdog(Process shell) => this.shell = shell;

    /// <summary>A watchdog for the container, or null when the reaper runs or the <c>docker</c> command is missing.</summary>
    public static ContainerWatchdog? StartIfNeeded(string containerId)
    {
        var docker = LocalServer.FindOnPath("docker");
        if (!TestServerChoice.ReaperDisabled || docker is null)
        {
            return null;
        }

        return new ContainerWatchdog(LocalServer.StartWatchdog(Path.GetTempPath(), ["-c", Script, "seatallocation-container-watchdog", docker, containerId]));
    }

    /// <summary>Lets the watchdog exit; it then removes the container, already gone after a normal disposal.</summary>
    public void Dispose()
    {
        var running = Interlocked.Exchange(ref shell, null);
        if (running is null)
        {
            return;
        }

        try
        {
            running.StandardInput.Dispose();
        }
        catch (IOException)
        {
        }

        running.Dispose();
    }
}
