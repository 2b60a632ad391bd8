namespace SeatAllocation.Benchmarks.Race;

/// <summary>Which group-commit limit (<see cref="Baselines.GroupCommitLimit"/>) a scenario's throughput is a fraction of.</summary>
internal enum GroupCommitLimitKind
{
    /// <summary>Every request competes for the same row or the same few rows: a general-admission counter, the last seats of a show.</summary>
    GeneralAdmission,

    /// <summary>Requests name seats spread over many rows.</summary>
    NamedSeats,
}
