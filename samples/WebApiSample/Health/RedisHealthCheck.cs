using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace WebApiSample.Health;

/// <summary>Healthy when Redis answers <c>PING</c>.</summary>
/// <remarks>An exception here is reported as unhealthy by the health-check service, with the exception attached.</remarks>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var latency = await redis.GetDatabase().PingAsync().ConfigureAwait(false);
        return HealthCheckResult.Healthy($"PING answered in {latency.TotalMilliseconds:0.0} ms");
    }
}
