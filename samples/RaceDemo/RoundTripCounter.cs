using Microsoft.Extensions.Logging;
using Npgsql;

namespace SeatAllocation.RaceDemo;

/// <summary>
/// Counts one app's PostgreSQL round trips from Npgsql's own log events: every command or batch
/// executed, plus every COMMIT and ROLLBACK (BEGIN travels with the first command, so it costs none).
/// </summary>
/// <remarks>
/// The sample builds its data source with the app's logger factory, so hosting the sample with this
/// provider (and the <c>Npgsql</c> categories at Debug) sees exactly that app's traffic, without a
/// diagnostics endpoint in the template.
/// </remarks>
internal sealed class RoundTripCounter : ILoggerProvider
{
    private long roundTrips;

    /// <summary>Round trips so far.</summary>
    public long Count => Interlocked.Read(ref roundTrips);

    public ILogger CreateLogger(string categoryName) => categoryName.StartsWith("Npgsql", StringComparison.Ordinal) ? new Counter(this) : NoLog.Instance;

    public void Dispose()
    {
    }

    private sealed class Counter(RoundTripCounter owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id is NpgsqlEventId.ExecutingCommand or NpgsqlEventId.CommittedTransaction or NpgsqlEventId.RolledBackTransaction)
            {
                Interlocked.Increment(ref owner.roundTrips);
            }
        }
    }

    private sealed class NoLog : ILogger
    {
        public static readonly NoLog Instance = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => false;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }
    }
}
