namespace SeatAllocation.Soak.History;

/// <summary>The HTTP call an operation makes.</summary>
public enum OperationKind
{
    CreateShow,
    Hold,
    Book,
    Confirm,
    Release,
    Cancel,
    Availability,
}
