using System.ComponentModel.DataAnnotations;

namespace WebApiSample.Configuration;

/// <summary>The sample's own settings, bound from the <c>SeatAllocation</c> configuration section.</summary>
/// <remarks>
/// The strategy itself (<c>SeatAllocation:Strategy</c>) is read once while services are registered,
/// by <see cref="SeatAllocationSetup"/>, because it decides which services exist at all.
/// </remarks>
internal sealed class SeatAllocationApiOptions
{
    /// <summary>The configuration section: <c>SeatAllocation</c>.</summary>
    public const string SectionName = "SeatAllocation";

    /// <summary>Gets or sets how long a hold lasts before its seats go back on sale. Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan HoldDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets the longest a request to <c>/shows</c> may take: one still waiting then (for a pooled
    /// connection, a lock, a slow database, the library's repeats after transient failures) is cancelled
    /// and answered <c>503</c> with <c>Retry-After</c>. Default 10 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets the largest request body Kestrel accepts, in bytes; a larger one is answered
    /// <c>413</c>. Default 4 MiB (a show of some 100,000 named seats).
    /// </summary>
    [Range(1024, 1_073_741_824)]
    public long MaxRequestBodySize { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Gets or sets how long <c>GET /shows</c> and <c>GET /shows/{showId}</c> answers are served from this
    /// instance's output cache. A change made through this instance evicts them at once; changes made
    /// through other instances, and holds expiring, show after at most this long. Zero turns caching
    /// off. Default 1 second.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ShowCacheDuration { get; set; } = TimeSpan.FromSeconds(1);
}
