namespace SeatAllocation.Benchmarks.Measurement;

/// <summary>
/// What became of the seats the PostgreSQL strategies proposed for best-available requests during
/// one scenario × strategy run (the library's <c>seatallocation.postgres.seat_proposals</c> counter).
/// </summary>
/// <param name="Taken">Proposals <c>apply_batch</c> took as they were.</param>
/// <param name="ProposedAgain">Proposals overtaken since the read (by another instance's batch), proposed again from a read under the show's lock; the request is counted again then.</param>
/// <param name="ChosenAgain">Proposals overtaken by a seat locked outside the show's lock (or, before proposing again existed, by anything), chosen again by <c>apply_batch</c> set-based: the slow path.</param>
/// <param name="Refused">Requests refused from the read (no seats left for them).</param>
internal sealed record SeatProposalCounts(long Taken, long ProposedAgain, long ChosenAgain, long Refused)
{
    /// <summary>Requests whose last proposal was decided: each counts once, however often it was proposed again.</summary>
    public long Decided => Taken + ChosenAgain + Refused;
}
