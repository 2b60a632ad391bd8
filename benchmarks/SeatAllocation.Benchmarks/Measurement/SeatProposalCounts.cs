namespace SeatAllocation.Benchmarks.Measurement;

/// <summary>
/// What became of the seats the PostgreSQL strategies proposed for best-available requests during
/// one scenario × strategy run (the library's <c>seatallocation.postgres.seat_proposals</c> counter).
/// </summary>
/// <param name="Taken">Proposals <c>apply_batch</c> took as they were.</param>
/// <param name="ChosenAgain">Proposals overtaken (a seat taken or locked since the read), chosen again by <c>apply_batch</c> under the show's lock: the slow path.</param>
/// <param name="Refused">Requests refused from the read (no seats left for them).</param>
internal sealed record SeatProposalCounts(long Taken, long ChosenAgain, long Refused)
{
    public long Total => Taken + ChosenAgain + Refused;
}
