namespace SeatAllocation.RaceDemo;

/// <summary>One kind of rush: what each client asks for.</summary>
/// <param name="Name">A short name, used in show ids.</param>
/// <param name="Description">The line printed above the scenario's table.</param>
/// <param name="BodyFor">The JSON body of client number <c>n</c>'s <c>POST /shows/{showId}/bookings</c>, sent as user <c>user-n</c>.</param>
internal sealed record Scenario(string Name, string Description, Func<int, object> BodyFor);
