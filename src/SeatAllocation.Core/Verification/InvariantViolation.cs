namespace SeatAllocation;

/// <summary>One broken invariant found by an <see cref="IAllocationVerifier"/>.</summary>
/// <param name="ShowId">The show it was found in.</param>
/// <param name="Kind">What is wrong.</param>
/// <param name="Detail">Which seats, allocations or numbers are involved, for a person to read.</param>
public sealed record InvariantViolation(string ShowId, ViolationKind Kind, string Detail)
{
    /// <inheritdoc />
    public override string ToString() => $"{ShowId}: {Kind}: {Detail}";
}
