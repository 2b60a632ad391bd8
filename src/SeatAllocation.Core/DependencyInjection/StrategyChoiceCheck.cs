namespace SeatAllocation;

/// <summary>
/// The service keys <c>AddSeatAllocation</c> was called with, as options validated when the host
/// starts, so a registration without a chosen strategy stops the app before it serves anything.
/// </summary>
internal sealed class StrategyChoiceCheck
{
    /// <summary>Gets the keys (<see langword="null"/> for the default registration), compared by <see cref="object.Equals(object)"/> like keyed services.</summary>
    public HashSet<object?> ServiceKeys { get; } = [];
}
