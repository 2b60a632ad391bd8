using System.Diagnostics;

namespace SeatAllocation.Redis.Tests;

/// <summary>
/// Counts the PostgreSQL commands of the whole process while it lives (Npgsql starts one activity
/// per command on its "Npgsql" source). Exact only in a collection that runs alone.
/// </summary>
internal sealed class PostgresCommandCounter : IDisposable
{
    private readonly ActivityListener _listener;
    private int _commands;

    public PostgresCommandCounter()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = _ => Interlocked.Increment(ref _commands),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public int Commands => Volatile.Read(ref _commands);

    public void Dispose() => _listener.Dispose();
}
