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
}
