using System.ComponentModel.DataAnnotations;

namespace SeatAllocation.Postgres;

/// <summary>Retry settings of the optimistic-version strategy.</summary>
/// <remarks>
/// The strategy retries only when a version changed while the seats were still free. When the seats
/// were really taken it answers <see cref="AllocationStatus.Unavailable"/> at once, so a sell-out does
/// not multiply database load.
/// </remarks>
public sealed class OptimisticConcurrencyOptions : IValidatableObject
{
    /// <summary>Gets or sets how many times a lost race is retried before answering <see cref="AllocationStatus.Contended"/>. Default 6.</summary>
    [Range(0, 100)]
    public int MaxRetries { get; set; } = 6;

    /// <summary>Gets or sets the first backoff delay; each retry doubles it, with full jitter. Default 2 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Gets or sets the longest backoff delay. Default 100 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Checks the rules across fields (<see cref="MaxDelay"/> not shorter than <see cref="BaseDelay"/>);
    /// run after the field annotations, by the strategy's constructor and by <c>ValidateDataAnnotations()</c> alike.
    /// </summary>
    /// <param name="validationContext">The validation context.</param>
    /// <returns>The broken rules.</returns>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxDelay < BaseDelay)
        {
            yield return new ValidationResult($"{nameof(MaxDelay)} must not be shorter than {nameof(BaseDelay)}.", [nameof(MaxDelay)]);
        }
    }

    internal OptimisticConcurrencyOptions Validated() => OptionsValidation.ThrowIfInvalid(this);
}
