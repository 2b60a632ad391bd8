using DotNet.Testcontainers.Containers;

namespace SeatAllocation.Servers;

/// <summary>
/// What <see cref="DockerPostgres"/> and <see cref="DockerRedis"/> share: the image chosen by an
/// environment variable, a bounded start that removes the container when it fails, a watchdog that
/// removes it if the test host is killed (<see cref="ContainerWatchdog"/>), and a removal that never throws.
/// </summary>
internal sealed class ContainerLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly IContainer container;
    private readonly ContainerWatchdog? watchdog;
    private int removed;

    private ContainerLifetime(IContainer container, ContainerWatchdog? watchdog)
    {
        this.container = container;
        this.watchdog = watchdog;
    }

    /// <summary>The image named by <paramref name="variable"/>, or <paramref name="defaultImage"/>.</summary>
    public static string ConfiguredImage(string variable, string defaultImage) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } image ? image.Trim() : defaultImage;

    /// <summary>
    /// Starts <paramref name="container"/> and waits until it is ready, for at most three minutes.
    /// Throws what Testcontainers throws when Docker is unreachable (<c>DockerUnavailableException</c>)
    /// or the container does not start, after removing it.
    /// </summary>
    public static async Task<ContainerLifetime> StartAsync(IContainer container, CancellationToken ct)
    {
        ContainerWatchdog? watchdog = null;
        container.Created += (_, _) => watchdog = ContainerWatchdog.StartIfNeeded(container.Id);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StartTimeout);
        try
        {
            await container.StartAsync(timeout.Token).ConfigureAwait(false);
            return new ContainerLifetime(container, watchdog);
        }
        catch
        {
            await container.DisposeAsync().ConfigureAwait(false);
            watchdog?.Dispose();
            throw;
        }
    }

    /// <summary>The container's id, shortened as <c>docker ps</c> shows it.</summary>
    public string ShortId => container.Id[..Math.Min(12, container.Id.Length)];

    /// <summary>Removes the container, once. Never throws: the watchdog removes what this could not.</summary>
    public async ValueTask RemoveAsync()
    {
        if (Interlocked.Exchange(ref removed, 1) != 0)
        {
            return;
        }

        try
        {
            await container.DisposeAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Disposal is best effort; the watchdog removes the container.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        watchdog?.Dispose();
    }
}
