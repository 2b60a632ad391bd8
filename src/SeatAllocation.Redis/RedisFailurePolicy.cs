namespace SeatAllocation.Redis;

/// <summary>What <see cref="RedisAdmissionStrategy"/> does with a new hold or booking when Redis cannot be reached or times out.</summary>
/// <remarks>
/// Neither policy can overbook or lose a booking: PostgreSQL decides every allocation either way.
/// The policy only chooses between more load on PostgreSQL and answering "retry later".
/// </remarks>
public enum RedisFailurePolicy
{
    /// <summary>Skip the gate and let the inner PostgreSQL strategy decide, as if Redis were not there. The default.</summary>
    FailOpen,

    /// <summary>Answer <see cref="AllocationStatus.Contended"/> (nothing done, retry later) without touching PostgreSQL.</summary>
    FailClosed,
}
