namespace SeatAllocation;

/// <summary>
/// Checks a strategy's stored state against the invariants (no overbooking, all or nothing,
/// counters that agree with rows) and reports every violation it finds. Call it after a race.
/// </summary>
public interface IAllocationVerifier
{
    /// <summary>Checks one show, or every show when <paramref name="showId"/> is <see langword="null"/>.</summary>
    /// <param name="showId">The show to check, or <see langword="null"/> for all shows.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The report; <see cref="VerificationReport.IsValid"/> when nothing is wrong.</returns>
    Task<VerificationReport> VerifyAsync(string? showId = null, CancellationToken cancellationToken = default);
}
