namespace SeatAllocation;

/// <summary>What an <see cref="IAllocationVerifier"/> found.</summary>
public sealed class VerificationReport
{
    /// <summary>Creates a report.</summary>
    /// <param name="showsChecked">How many shows were checked.</param>
    /// <param name="violations">Every violation found.</param>
    public VerificationReport(int showsChecked, IReadOnlyList<InvariantViolation> violations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(showsChecked);
        ArgumentNullException.ThrowIfNull(violations);
        ShowsChecked = showsChecked;
        Violations = violations;
    }

    /// <summary>Gets how many shows were checked.</summary>
    public int ShowsChecked { get; }

    /// <summary>Gets every violation found; empty when the invariants hold.</summary>
    public IReadOnlyList<InvariantViolation> Violations { get; }

    /// <summary>Gets whether no violation was found.</summary>
    public bool IsValid => Violations.Count == 0;

    /// <inheritdoc />
    public override string ToString() => IsValid
        ? $"{ShowsChecked} show(s) checked, no violation"
        : $"{ShowsChecked} show(s) checked, {Violations.Count} violation(s):{Environment.NewLine}{string.Join(Environment.NewLine, Violations)}";
}
