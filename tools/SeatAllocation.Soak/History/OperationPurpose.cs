namespace SeatAllocation.Soak.History;

/// <summary>Why the workload made an operation; the checker's rules depend on it.</summary>
public enum OperationPurpose
{
    /// <summary>A fresh request of the random mix, during the faults.</summary>
    Normal,

    /// <summary>An earlier request sent again with the same key and body.</summary>
    Replay,

    /// <summary>An earlier key sent with another body (must not yield a second allocation).</summary>
    ReusedKey,

    /// <summary>After the faults: the replay that resolves an ambiguous request (<see cref="Operation.OriginalId"/>).</summary>
    Resolution,

    /// <summary>After the faults: a booking of seats the database says are free.</summary>
    SellOut,

    /// <summary>After the sell-out: availability read through every instance.</summary>
    FinalRead,
}
