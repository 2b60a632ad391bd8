namespace SeatAllocation.Postgres.Storage;

/// <summary>The text the <c>kind</c> and <c>state</c> columns hold (their CHECK constraints in migration 1), and back.</summary>
internal static class StoredEnums
{
    public static string ToColumn(AllocationKind kind) => kind == AllocationKind.Hold ? "hold" : "booking";

    public static AllocationKind ParseKind(string column) => column switch
    {
        "hold" => AllocationKind.Hold,
        "booking" => AllocationKind.Booking,
        _ => throw new InvalidOperationException($"Unknown allocation kind '{column}' in the database."),
    };

    public static string ToColumn(AllocationState state) => state switch
    {
        AllocationState.Held => "held",
        AllocationState.Booked => "booked",
        AllocationState.Released => "released",
        AllocationState.Expired => "expired",
        AllocationState.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static AllocationState ParseState(string column) => column switch
    {
        "held" => AllocationState.Held,
        "booked" => AllocationState.Booked,
        "released" => AllocationState.Released,
        "expired" => AllocationState.Expired,
        "cancelled" => AllocationState.Cancelled,
        _ => throw new InvalidOperationException($"Unknown allocation state '{column}' in the database."),
    };
}
