using System.ComponentModel.DataAnnotations;

namespace SeatAllocation.Redis;

/// <summary>Settings of <see cref="RedisAdmissionStrategy"/>; validated when the host starts, or by the strategy's constructor.</summary>
public sealed class RedisAdmissionOptions : IValidatableObject
{
    /// <summary>
    /// Gets or sets the prefix of every key. Each show's keys continue with the Redis Cluster hash tag
    /// <c>{showId}</c>, so they share one slot. Composes with a prefix set on the
    /// <c>IDatabase</c> itself. Default <c>seatallocation:</c>.
    /// </summary>
    [Required(AllowEmptyStrings = true)]
    [StringLength(100)]
    public string KeyPrefix { get; set; } = "seatallocation:";

    /// <summary>
    /// Gets or sets how long an admitted request keeps its seats (or units) in Redis while PostgreSQL
    /// commits it. After that Redis gives them back by itself, so a process that dies between the
    /// admission and the commit cannot leak seats. Longer than the slowest commit. Default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan AdmissionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how long one Redis call may take before it counts as a Redis failure (see
    /// <see cref="FailurePolicy"/>). Default 1 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets how often a show's Redis state is rebuilt from PostgreSQL even when nothing looked
    /// wrong, which repairs drift that only causes extra rejections (for example a counter lowered by
    /// hand). The first request after the interval does it. Default 5 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets the shortest time between two repairs of one show that were triggered by PostgreSQL
    /// rejecting a request Redis had admitted, so a burst of such rejections rebuilds once. Default 1 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan DriftRepairCooldown { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets what happens to new holds and bookings while Redis fails. Default <see cref="RedisFailurePolicy.FailOpen"/>.</summary>
    [EnumDataType(typeof(RedisFailurePolicy))]
    public RedisFailurePolicy FailurePolicy { get; set; } = RedisFailurePolicy.FailOpen;

    /// <summary>Gets or sets the Redis database number when the strategy takes a multiplexer; -1 for the connection's default.</summary>
    [Range(-1, int.MaxValue)]
    public int Database { get; set; } = -1;

    /// <summary>
    /// Checks the rules across fields (<see cref="OperationTimeout"/> shorter than
    /// <see cref="AdmissionTimeout"/>: an admission must outlive the calls that commit it); run after
    /// the field annotations, by the strategy's constructor and by <c>ValidateDataAnnotations()</c> alike.
    /// </summary>
    /// <param name="validationContext">The validation context.</param>
    /// <returns>The broken rules.</returns>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (OperationTimeout >= AdmissionTimeout)
        {
            yield return new ValidationResult(
                $"{nameof(OperationTimeout)} must be shorter than {nameof(AdmissionTimeout)}: an admission must outlive the calls that commit it.",
                [nameof(OperationTimeout)]);
        }
    }

    internal RedisAdmissionOptions Validated() => OptionsValidation.ThrowIfInvalid(this);
}
