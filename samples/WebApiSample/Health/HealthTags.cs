namespace WebApiSample.Health;

/// <summary>
/// The tags that sort health checks into the two probes an orchestrator asks: <c>/health/live</c>
/// (restart the process when it fails) and <c>/health/ready</c> (send it traffic only while it passes).
/// </summary>
internal static class HealthTags
{
    /// <summary>
    /// Checks of the process itself, run by <c>/health/live</c>. None is registered: a process that
    /// answers HTTP is alive. Never tag a server's check with it, or an outage of that server makes the
    /// orchestrator restart every instance, which cannot fix it.
    /// </summary>
    public const string Live = "live";

    /// <summary>Checks of what requests need (PostgreSQL, Redis, a migrated schema), run by <c>/health/ready</c> and <c>/health</c>.</summary>
    public const string Ready = "ready";
}
