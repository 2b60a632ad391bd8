using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SeatAllocation.Redis.Tests;

/// <summary>
/// The strategy's log, kept to fail a test on any Redis failure, or to say why a test that expected
/// Redis to answer saw PostgreSQL work. With fail-open a script the cluster refuses (<c>CROSSSLOT</c>,
/// a key outside the node's slots) would only send requests to PostgreSQL, and the answers would
/// still be right; the log is where such a refusal shows.
/// </summary>
internal sealed class RedisFailureLog : ILogger<RedisAdmissionStrategy>
{
    private readonly ConcurrentQueue<string> _failures = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            _failures.Enqueue($"{logLevel}: {formatter(state, exception)} {exception?.GetType().Name}: {exception?.Message}");
        }
    }

    /// <summary>Every warning the strategy logged, one a line: what to show when a test expected Redis to answer.</summary>
    public override string ToString() => string.Join(Environment.NewLine, _failures);

    /// <summary>Fails with every warning the strategy logged: on a healthy cluster Redis never fails.</summary>
    public void AssertNoRedisFailure() =>
        Assert.True(_failures.IsEmpty, "The strategy met Redis failures on a healthy cluster:" + Environment.NewLine + this);
}
