using System.Diagnostics;

namespace SeatAllocation.Benchmarks.Measurement;

/// <summary>
/// Counts the commands Npgsql sends, from the activity it starts for each one on the
/// <c>"Npgsql"</c> activity source — a batch is one activity, as it is one round trip. This is the
/// harness's measure of database round trips ("load amplification").
/// </summary>
/// <remarks>
/// What it does not see: the <c>COMMIT</c> or <c>ROLLBACK</c> that ends an explicit transaction
/// (Npgsql sends it without a command activity), and the pool's connection reset, which Npgsql
/// piggybacks on the next command. The report says so next to the numbers. Listening makes Npgsql
/// create an <see cref="Activity"/> per command; that small cost is the same for every strategy.
/// </remarks>
internal sealed class DatabaseCommandCounter : IDisposable
{
    /// <summary>The name of Npgsql's activity source.</summary>
    public const string NpgsqlSourceName = "Npgsql";

    private readonly ActivityListener listener;
    private long commands;

    public DatabaseCommandCounter()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == NpgsqlSourceName,
            // PropagationData is the cheapest level at which the activity is created at all.
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            ActivityStarted = activity =>
            {
                if (activity.Kind == ActivityKind.Client)
                {
                    Interlocked.Increment(ref commands);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>Commands counted since this counter was created.</summary>
    public long Commands => Interlocked.Read(ref commands);

    /// <inheritdoc />
    public void Dispose() => listener.Dispose();
}
