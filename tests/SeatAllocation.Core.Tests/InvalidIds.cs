namespace SeatAllocation.Core.Tests;

/// <summary>Ids that every id field must refuse, shared by the validation tests.</summary>
public static class InvalidIds
{
    /// <summary>Null, empty, blank, one character too long, and ids with control characters.</summary>
    public static TheoryData<string?> All { get; } = new()
    {
        null,
        "",
        " ",
        "   ",
        "\t",
        new string('a', AllocationLimits.MaxIdLength + 1),
        "seat\n1",
        "seat\u00001",
        "seat\u007f",
        "seat\u0085",
        "\u0001",
    };

    /// <summary>An id of exactly <see cref="AllocationLimits.MaxIdLength"/> characters, the longest allowed.</summary>
    public static string Longest { get; } = new('x', AllocationLimits.MaxIdLength);
}
