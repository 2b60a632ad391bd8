using System.Globalization;
using Testcontainers.PostgreSql;

namespace SeatAllocation.Servers;

/// <summary>
/// A throwaway PostgreSQL server in a Docker container, started with Testcontainers, with the same
/// test settings as <see cref="ThrowawayPostgres"/> (no fsync, 300 connections). The image is
/// <c>postgres:15</c> unless <c>SEATALLOCATION_POSTGRES_IMAGE</c> names another; it must behave like
/// the official image (<c>POSTGRES_USER</c>/<c>POSTGRES_PASSWORD</c>, <c>-c</c> arguments, <c>pg_isready</c>).
/// The user is a superuser, as on the local throwaway server. <see cref="DisposeAsync"/> removes the container.
/// </summary>
public sealed class DockerPostgres : IAsyncDisposable
{
    /// <summary>The environment variable naming the image to use instead of <see cref="DefaultImage"/>.</summary>
    public const string ImageVariable = "SEATALLOCATION_POSTGRES_IMAGE";

    /// <summary>The official image of the PostgreSQL major version the local binaries are tested with.</summary>
    public const string DefaultImage = "postgres:15";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly PostgreSqlContainer container;
    private readonly ContainerWatchdog? watchdog;
    private int disposed;

    private DockerPostgres(PostgreSqlContainer container, ContainerWatchdog? watchdog, string image)
    {
        this.container = container;
        this.watchdog = watchdog;
        Image = image;
    }

    /// <summary>The image the container runs.</summary>
    public string Image { get; }

    /// <summary>Npgsql connection string to the container's mapped port (user and password <c>postgres</c>).</summary>
    public string ConnectionString => container.GetConnectionString();

    /// <summary>The image from <c>SEATALLOCATION_POSTGRES_IMAGE</c>, or <see cref="DefaultImage"/>.</summary>
    public static string ConfiguredImage =>
        Environment.GetEnvironmentVariable(ImageVariable) is { Length: > 0 } image ? image.Trim() : DefaultImage;

    /// <summary>
    /// Starts a container of <see cref="ConfiguredImage"/> and waits until PostgreSQL accepts
    /// connections. Throws what Testcontainers throws when Docker is unreachable
    /// (<c>DockerUnavailableException</c>) or the container does not start.
    /// </summary>
    public static async Task<DockerPostgres> StartAsync(CancellationToken ct = default)
    {
        var image = ConfiguredImage;
        var builder = new PostgreSqlBuilder(image)
            .WithCreateParameterModifier(parameters =>
            {
                // Docker's default /dev/shm (64 MB) is small for 300 connections' parallel queries.
                if (parameters.HostConfig is { } host)
                {
                    host.ShmSize = 256L * 1024 * 1024;
                }
            })
            .WithLabel("org.seatallocation.tests", "postgres");
        foreach (var setting in ServerArguments())
        {
            builder = builder.WithCommand("-c", setting);
        }

        var container = builder.Build();
        ContainerWatchdog? watchdog = null;
        container.Created += (_, _) => watchdog = ContainerWatchdog.StartIfNeeded(container.Id);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StartTimeout);
        try
        {
            await container.StartAsync(timeout.Token).ConfigureAwait(false);
            return new DockerPostgres(container, watchdog, image);
        }
        catch
        {
            await container.DisposeAsync().ConfigureAwait(false);
            watchdog?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Removes the container. An immediate shutdown first (SIGQUIT to the postmaster, as
    /// <c>pg_ctl stop -m immediate</c>), so Docker's stop does not wait for the pool's connections.
    /// Never throws.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await container.ExecAsync(["sh", "-c", "kill -QUIT 1"]).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Best effort: the removal below kills it anyway.
        catch (Exception)
#pragma warning restore CA1031
        {
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

    /// <inheritdoc />
    public override string ToString() =>
        $"PostgreSQL in Docker ({Image}, container {container.Id[..Math.Min(12, container.Id.Length)]}) at {container.Hostname}:{container.GetMappedPublicPort(PostgreSqlBuilder.PostgreSqlPort).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The local server's test settings as <c>-c name=value</c> values (the listen address aside: a
    /// container listens on its own network and is reached through the mapped port).
    /// </summary>
    private static IEnumerable<string> ServerArguments() =>
        ThrowawayPostgres.ServerSettings
            .Select(line => line.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(pair => pair[0] != "listen_addresses")
            .Select(pair => $"{pair[0]}={pair[1].Trim('\'')}");
}
