namespace SeatAllocation.Soak.Checking;

/// <summary>The checker's rules; each violation names one.</summary>
public enum CheckRule
{
    /// <summary>No seat is in two live allocations.</summary>
    SeatSoldTwice,

    /// <summary>General admission is never over capacity.</summary>
    OverCapacity,

    /// <summary>Every acknowledged hold or booking is stored whole under its key, and no acknowledged booking is lost.</summary>
    AcknowledgedNotStored,

    /// <summary>Every replay agrees with the first answer; a reused key never yields a second allocation.</summary>
    ReplayDisagrees,

    /// <summary>Every ambiguous request is resolved by a replay after the faults, in agreement with the database.</summary>
    AmbiguousUnresolved,

    /// <summary>Availability read through every instance agrees with the database.</summary>
    AvailabilityDisagrees,

    /// <summary>After the faults every free seat can be sold (through Redis admission too: Redis reconverged).</summary>
    SellOutFailed,

    /// <summary>No answer is a 500.</summary>
    Answer500,

    /// <summary>The library's own verifier (<c>IAllocationVerifier</c>) found a violation.</summary>
    Verifier,
}
