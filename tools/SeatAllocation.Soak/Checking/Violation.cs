namespace SeatAllocation.Soak.Checking;

/// <summary>One finding of the checker, with the operations that show it.</summary>
public sealed record Violation(CheckRule Rule, string Message, IReadOnlyList<long> OperationIds)
{
    public override string ToString() =>
        $"{Rule}: {Message}" + (OperationIds.Count == 0 ? "" : $" (requests {string.Join(", ", OperationIds)})");
}
