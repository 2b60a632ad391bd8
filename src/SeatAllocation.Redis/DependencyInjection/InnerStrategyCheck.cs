namespace SeatAllocation.Redis;

/// <summary>
/// Options with no settings, validated when the host starts, whose validation builds the gate to
/// check an inner strategy whose type was not known at registration.
/// </summary>
internal sealed class InnerStrategyCheck;
