namespace SeatAllocation.Servers;

/// <summary>
/// Where <see cref="TestPostgres"/> and <see cref="TestRedis"/> get their throwaway servers, chosen
/// with the <c>SEATALLOCATION_TEST_SERVERS</c> environment variable (<c>auto</c>, <c>docker</c> or
/// <c>local</c>). A connection string in <c>SEATALLOCATION_POSTGRES</c> / <c>SEATALLOCATION_REDIS</c>
/// wins over every mode.
/// </summary>
public enum TestServerMode
{
    /// <summary>
    /// The default: containers through Testcontainers when a Docker engine answers, otherwise (or when
    /// a container cannot be started, e.g. its image cannot be pulled) servers from the local binaries.
    /// Which one was used, and why, is written to standard error.
    /// </summary>
    Auto,

    /// <summary>Containers only: a missing Docker engine or a container that does not start fails the tests, with no fallback (CI uses it).</summary>
    Docker,

    /// <summary>Servers from the local binaries only (<c>initdb</c>/<c>pg_ctl</c>, <c>redis-server</c>); Docker is never asked.</summary>
    Local,
}
