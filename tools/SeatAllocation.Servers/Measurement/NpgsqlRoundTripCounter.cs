using Microsoft.Extensions.Logging;
using Npgsql;

namespace SeatAllocation.Servers;

/// <summary>
/// Counts PostgreSQL round trips from Npgsql's own log events: every command or batch executed, plus
/// every COMMIT and ROLLBACK (BEGIN travels with the first command, so it costs none). This is the
/// seeds' "load amplification" measure, used by the race harness and the HTTP demo.
/// </summary>
/// <remarks>
/// Register it as a logger provider of the factory a data source logs to, with the <c>Npgsql</c>
/// categories enabled at <see cref="LogLevel.Debug"/> (or use <see cref="CreateLoggerFactory"/>):
/// it then sees exactly that data source's traffic. Npgsql's activity source would miss COMMIT and
/// ROLLBACK, which it sends without a command activity.
/// </remarks>
public sealed class NpgsqlRoundTripCounter : ILoggerProvider
{
    private long roundTrips;

    /// <summary>Round trips so far.</summary>
    public long Count => Interlocked.Read(ref roundTrips);

    /// <summary>A logger factory that sends only Npgsql's Debug events, and only to this counter: give it to <see cref="NpgsqlDataSourceBuilder.UseLoggerFactory"/>.</summary>
    public ILoggerFactory CreateLoggerFactory() => LoggerFactory.Create(logging => logging.AddProvider(this).AddFilter<NpgsqlRoundTripCounter>("Npgsql", LogLevel.Debug));

    public ILogger CreateLogger(string categoryName) => categoryName.StartsWith("Npgsql", StringComparison.Ordinal) ? new Counter(this) : NoLog.Instance;

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Counter(NpgsqlRoundTripCounter owner) : ILogger
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
