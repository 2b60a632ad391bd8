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
}
