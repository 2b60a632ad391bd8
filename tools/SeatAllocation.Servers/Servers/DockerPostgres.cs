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

    private readonly PostgreSqlContainer container;
    private readonly ContainerLifetime lifetime;
    private int disposed;

    private DockerPostgres(PostgreSqlContainer container, ContainerLifetime lifetime, string image)
    {
        this.container = container;
        this.lifetime = lifetime;
        Image = image;
    }

    /// <summary>The image the container runs.</summary>
    public string Image { get; }

    /// <summary>Npgsql connection string to the container's mapped port (user and password <c>postgres</c>).</summary>
    public string ConnectionString => container.GetConnectionString();

    /// <summary>The image from <c>SEATALLOCATION_POSTGRES_IMAGE</c>, or <see cref="DefaultImage"/>.</summary>
    public static string ConfiguredImage => ContainerLifetime.ConfiguredImage(ImageVariable, DefaultImage);

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
        return new DockerPostgres(container, await ContainerLifetime.StartAsync(container, ct).ConfigureAwait(false), image);
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

        await lifetime.RemoveAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"PostgreSQL in Docker ({Image}, container {lifetime.ShortId}) at {container.Hostname}:{container.GetMappedPublicPort(PostgreSqlBuilder.PostgreSqlPort).ToString(CultureInfo.InvariantCulture)}";

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
