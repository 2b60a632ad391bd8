using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace SeatAllocation.Postgres;

/// <summary>Settings shared by the PostgreSQL strategies. Validated when the host starts (or when a strategy is constructed).</summary>
public sealed partial class PostgresAllocationOptions : IValidatableObject
{
    /// <summary>Gets or sets the schema the tables live in. Lowercase letters, digits and underscores; default <c>seat_allocation</c>.</summary>
    [Required]
    [RegularExpression(SchemaPattern, ErrorMessage = "Schema must be a lowercase identifier: a letter or underscore, then letters, digits or underscores, at most 63 characters.")]
    public string Schema { get; set; } = PostgresSchemaMigrator.DefaultSchema;

    /// <summary>
    /// Gets or sets how long a request waits for a row lock before giving up with
    /// <see cref="AllocationStatus.Contended"/>, so a stuck transaction cannot stall a show. Default 2 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00")]
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets whether the schema is created or upgraded when the host starts. Default <see langword="true"/>.</summary>
    public bool MigrateSchemaOnStart { get; set; } = true;

    /// <summary>
    /// Gets or sets how often the background sweeper releases expired holds, or <see cref="TimeSpan.Zero"/>
    /// to not run it. Expired holds count as free even before the sweeper runs; it keeps tables tidy. Default 30 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ExpiredHoldSweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many expired holds one sweep transaction releases, so sweeping never holds locks for long. Default 200.</summary>
    [Range(1, 10_000)]
    public int ExpiredHoldSweepBatchSize { get; set; } = 200;

    /// <summary>
    /// Gets or sets whether the library prepares its statements on each pooled connection. Default <see langword="true"/>.
    /// </summary>
    /// <remarks>
    /// A statement is prepared once per physical connection; Npgsql keeps it across returns to the pool.
    /// Besides sparing PostgreSQL the parsing and planning of every call, this keeps the cached plans of
    /// the <c>apply_batch</c> function alive: a returned connection with no prepared statement is reset
    /// with <c>DISCARD ALL</c>, which throws them away, so every call planned its dozen statements again
    /// (a call took 2.1 ms after such a reset against 0.5 ms prepared, in pgbench). Turn it off only behind a connection
    /// pooler that does not support prepared statements, such as PgBouncer before 1.21 in transaction mode.
    /// </remarks>
    public bool PrepareStatements { get; set; } = true;

    /// <summary>
    /// Gets or sets how many times a call is repeated after a transient database failure (a dropped or
    /// terminated connection, a timeout, an exhausted pool, a server shutting down) before it fails with
    /// <see cref="AllocationOutcomeUnknownException"/>. 0 turns retrying off. Default 3.
    /// </summary>
    /// <remarks>
    /// Every repeat is safe: holds and bookings carry their request id and confirm, release and cancel
    /// their allocation id, so a repeat of a call that did commit is answered from what was committed.
    /// The longest a call can take is about (retries + 1) × the connection string's <c>Timeout</c>
    /// (waiting for a pooled connection) or <c>Command Timeout</c>, plus the delays.
    /// </remarks>
    [Range(0, 10)]
    public int TransientRetries { get; set; } = 3;

    /// <summary>Gets or sets the first delay before repeating after a transient failure; each repeat doubles it, with jitter. Default 50 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan TransientRetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Gets or sets the longest delay between repeats after a transient failure. Default 1 second.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan TransientRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Checks the rules across fields (<see cref="TransientRetryMaxDelay"/> not shorter than
    /// <see cref="TransientRetryBaseDelay"/>); run after the field annotations, by the strategies'
    /// constructors and by <c>ValidateDataAnnotations()</c> alike.
    /// </summary>
    /// <param name="validationContext">The validation context.</param>
    /// <returns>The broken rules.</returns>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TransientRetryMaxDelay < TransientRetryBaseDelay)
        {
            yield return new ValidationResult(
                $"{nameof(TransientRetryMaxDelay)} must not be shorter than {nameof(TransientRetryBaseDelay)}.", [nameof(TransientRetryMaxDelay)]);
        }
    }

    private const string SchemaPattern = "^[a-z_][a-z0-9_]{0,62}$";

    internal static void ThrowIfInvalidSchema(string? schema)
    {
        if (schema is null || !SchemaRegex().IsMatch(schema))
        {
            throw new ArgumentException("The schema must be a lowercase identifier: a letter or underscore, then letters, digits or underscores, at most 63 characters.", nameof(schema));
        }
    }

    internal PostgresAllocationOptions Validated() => OptionsValidation.ThrowIfInvalid(this);

    [GeneratedRegex(SchemaPattern)]
    private static partial Regex SchemaRegex();
}
