namespace SeatAllocation.Soak.Nemesis;

/// <summary>The faults the nemesis injects.</summary>
public enum FaultKind
{
    /// <summary><c>pg_terminate_backend</c> of every app connection.</summary>
    TerminateBackends,

    /// <summary><c>pg_ctl restart -m fast</c>.</summary>
    RestartPostgres,

    /// <summary>Redis <c>FLUSHALL</c>.</summary>
    FlushRedis,

    /// <summary>Redis killed and started again, empty, on the same port.</summary>
    RestartRedis,

    /// <summary>Redis <c>CLIENT PAUSE</c> for 1.5 s.</summary>
    PauseRedis,

    /// <summary>An app instance killed with SIGKILL and started again.</summary>
    KillApp,
}
