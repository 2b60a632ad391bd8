using Npgsql;

namespace SeatAllocation.Postgres.Storage;

/// <summary>Tells the database errors that are lost races (answered as results) from real failures.</summary>
internal static class PostgresErrors
{
    /// <summary>Another transaction inserted the same request id first: the request is a replay.</summary>
    public static bool IsDuplicateRequest(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "allocations_request_once" };

    /// <summary>A lock wait timed out, or the database broke a deadlock: nothing was written, retrying may succeed.</summary>
    public static bool IsLockContention(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    /// <summary>
    /// An error one request's data could cause (a data exception, a violated constraint, a raised
    /// exception, a program limit): worth splitting a batch to find that request. Connection, resource
    /// and server failures are not: they would fail every half the same way.
    /// </summary>
    public static bool IsCausedByData(Exception exception) =>
        exception is PostgresException { SqlState: [var c0, var c1, ..] } && (c0, c1) is ('2', '2') or ('2', '3') or ('P', '0') or ('5', '4');

    /// <summary>
    /// An infrastructure failure worth repeating the call for: Npgsql's <see cref="NpgsqlException.IsTransient"/>
    /// (the server shutting down, <c>57P01</c> from <c>pg_terminate_backend</c>, a connection exception, too
    /// many connections, …), or any failure on the client's side of the connection (broken, timed out,
    /// no pooled connection in time). Lock timeouts, deadlocks and serialization failures are not: they
    /// are answered as <see cref="AllocationStatus.Contended"/> (see <see cref="IsLockContention"/>).
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        _ when IsLockContention(exception) => false,
        PostgresException postgres => postgres.IsTransient,
        NpgsqlException => true,
        TimeoutException => true,
        _ => false,
    };
}
