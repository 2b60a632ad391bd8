namespace SeatAllocation.RaceDemo;

/// <summary>One kind of rush: what each client asks for.</summary>
/// <param name="Name">A short name, used in show ids.</param>
/// <param name="Description">The line printed above the scenario's table.</param>
/// <param name="RequestFor">The request of client number <c>n</c> for a show id.</param>
internal sealed record Scenario(string Name, string Description, Func<string, int, AllocationRequest> RequestFor);
