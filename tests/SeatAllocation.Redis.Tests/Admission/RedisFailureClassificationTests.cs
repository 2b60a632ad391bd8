using System.Net.Sockets;
using Npgsql;
using SeatAllocation.Redis.Admission;
using StackExchange.Redis;

namespace SeatAllocation.Redis.Tests.Admission;

/// <summary>
/// Which exceptions out of a Redis call the gate answers with its failure policy (fail open or
/// closed) instead of passing them to the caller. Each is one a StackExchange.Redis version was
/// seen to throw when Redis stopped or its connection broke; the fault tests are where they occur.
/// </summary>
public sealed class RedisFailureClassificationTests
{
    public static TheoryData<Exception> RedisFailures
    {
        get
        {
            // The constructors every client version CI builds against has (3.x marks them obsolete).
#pragma warning disable CS0618
            var data = new TheoryData<Exception>
            {
                new RedisConnectionException(ConnectionFailureType.SocketFailure, "No connection is active/available to service this operation"),
                new RedisTimeoutException("Timeout awaiting response", CommandStatus.Sent),
                new RedisServerException("BUSY Redis is busy running a script"),
                new TimeoutException("Redis did not answer 'admit' within 500 ms."),
                new IOException("Connection reset by peer", new SocketException((int)SocketError.ConnectionReset)),
                // StackExchange.Redis 2.13 writing a command while its connection closes.
                new InvalidOperationException("Writing is not allowed after writer was completed.") { Source = "System.IO.Pipelines" },
                new ArgumentOutOfRangeException("bytes") { Source = "System.IO.Pipelines" },
            };
#pragma warning restore CS0618

            // StackExchange.Redis 2.x (2.13.23 in CI) let this out of a script whose connection was
            // reset while it waited for the reply; 3.x no longer uses Pipelines.Sockets.Unofficial.
            var connectionReset = Type.GetType("Pipelines.Sockets.Unofficial.ConnectionResetException, Pipelines.Sockets.Unofficial");
            if (connectionReset is not null)
            {
                data.Add((Exception)Activator.CreateInstance(connectionReset, "Connection reset by peer", new SocketException((int)SocketError.ConnectionReset))!);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(RedisFailures))]
    public void A_broken_or_slow_redis_is_a_redis_failure(Exception exception) =>
        Assert.True(AdmissionGate.IsRedisFailure(exception), exception.GetType().FullName);

    public static TheoryData<Exception> NotRedisFailures => new()
    {
        new OperationCanceledException("the caller cancelled"),
        new ArgumentException("bad request", "request"),
        new ArgumentOutOfRangeException("quantity"),
        new NpgsqlException("PostgreSQL failed"),
        new InvalidOperationException("a bug"),
    };

    [Theory]
    [MemberData(nameof(NotRedisFailures))]
    public void Cancellation_bugs_and_postgres_errors_are_not(Exception exception) =>
        Assert.False(AdmissionGate.IsRedisFailure(exception), exception.GetType().FullName);
}
