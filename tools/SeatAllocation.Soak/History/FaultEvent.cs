namespace SeatAllocation.Soak.History;

/// <summary>One fault the nemesis injected.</summary>
public sealed record FaultEvent(DateTimeOffset At, string Kind, string Target, string? Error);
