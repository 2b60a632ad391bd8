using System.Globalization;
using Testcontainers.Redis;

namespace SeatAllocation.Servers;

/// <summary>
/// A throwaway Redis server in a Docker container, started with Testcontainers, without persistence
/// like <see cref="ThrowawayRedis"/>. The image is <c>redis:7</c> unless <c>SEATALLOCATION_REDIS_IMAGE</c>
/// names another; it must behave like the official image (arguments starting with <c>-</c> go to
/// <c>redis-server</c>, protected mode off, <c>redis-cli</c> on PATH). Tests that stop and restart
/// Redis on the same port keep using <see cref="ThrowawayRedis"/> (<see cref="TestRedis.StartDedicatedAsync"/>):
/// a restarted container may come back on another mapped port. <see cref="DisposeAsync"/> removes the container.
/// </summary>
public sealed class DockerRedis : IAsyncDisposable
{
    /// <summary>The environment variable naming the image to use instead of <see cref="DefaultImage"/>.</summary>
    public const string ImageVariable = "SEATALLOCATION_REDIS_IMAGE";

    /// <summary>The official image of the Redis major version the local binary is tested with.</summary>
    public const string DefaultImage = "redis:7";

    private readonly RedisContainer container;
    private readonly ContainerLifetime lifetime;

    private DockerRedis(RedisContainer container, ContainerLifetime lifetime, string image)
    {
        this.container = container;
        this.lifetime = lifetime;
        Image = image;
    }

    /// <summary>The image the container runs.</summary>
    public string Image { get; }

    /// <summary>StackExchange.Redis configuration string: <c>HOST:PORT,abortConnect=false</c> for the mapped port.</summary>
    public string Configuration => container.GetConnectionString() + ",abortConnect=false";

    /// <summary>The image from <c>SEATALLOCATION_REDIS_IMAGE</c>, or <see cref="DefaultImage"/>.</summary>
    public static string ConfiguredImage => ContainerLifetime.ConfiguredImage(ImageVariable, DefaultImage);

    /// <summary>
    /// Starts a container of <see cref="ConfiguredImage"/> and waits until Redis answers
    /// <c>PING</c>. Throws what Testcontainers throws when Docker is unreachable
    /// (<c>DockerUnavailableException</c>) or the container does not start.
    /// </summary>
    public static async Task<DockerRedis> StartAsync(CancellationToken ct = default)
    {
        var image = ConfiguredImage;
        var container = new RedisBuilder(image)
            .WithCommand("--save", string.Empty, "--appendonly", "no")
            .WithLabel("org.seatallocation.tests", "redis")
            .Build();
        return new DockerRedis(container, await ContainerLifetime.StartAsync(container, ct).ConfigureAwait(false), image);
    }

    /// <summary>Removes the container. Never throws.</summary>
    public ValueTask DisposeAsync() => lifetime.RemoveAsync();

    /// <inheritdoc />
    public override string ToString() =>
        $"Redis in Docker ({Image}, container {lifetime.ShortId}) at {container.Hostname}:{container.GetMappedPublicPort(RedisBuilder.RedisPort).ToString(CultureInfo.InvariantCulture)}";
}
