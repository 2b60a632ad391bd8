using System.ComponentModel.DataAnnotations;

namespace SeatAllocation.Postgres;

/// <summary>Batch settings of <see cref="GroupCommitAllocationStrategy"/>.</summary>
public sealed class GroupCommitOptions
{
    /// <summary>
    /// Gets or sets how many requests of one show one batch decides at most. Larger batches cost more
    /// per round trip but fewer round trips; requests past the limit wait for the next batch. Default 64.
    /// </summary>
    [Range(1, 1000)]
    public int MaxBatchSize { get; set; } = 64;

    internal GroupCommitOptions Validated() => OptionsValidation.ThrowIfInvalid(this);
}
