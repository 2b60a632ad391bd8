using System.ComponentModel.DataAnnotations;

namespace WebApiSample.RateLimiting;

/// <summary>
/// Each user's token bucket for the state-changing <c>/shows</c> routes, bound from
/// <c>SeatAllocation:RateLimits</c> and checked at start.
/// </summary>
/// <remarks>
/// The defaults let a person click as fast as a person does — a burst of 20, then 10 a second — while
/// one script cannot hold the database's locks for everyone else during an on-sale.
/// </remarks>
internal sealed class UserRateLimitOptions
{
    /// <summary>The configuration section: <c>SeatAllocation:RateLimits</c>.</summary>
    public const string SectionName = "SeatAllocation:RateLimits";

    /// <summary>Gets or sets the bucket's size: the longest burst a user may send. Default 20.</summary>
    [Range(1, 1_000_000)]
    public int TokenLimit { get; set; } = 20;

    /// <summary>Gets or sets how many requests come back every <see cref="ReplenishmentPeriod"/>. Default 10.</summary>
    [Range(1, 1_000_000)]
    public int TokensPerPeriod { get; set; } = 10;

    /// <summary>Gets or sets how often <see cref="TokensPerPeriod"/> requests come back. Default 1 second.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);
}
