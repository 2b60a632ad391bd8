namespace SeatAllocation.Core.Tests.Results;

public sealed class AllocationResultTests
{
    private static readonly DateTimeOffset Expiry = new(2030, 1, 1, 0, 5, 0, TimeSpan.Zero);

    private static Allocation NewHold(params string[] seats) =>
        new("hold-1", "show", "ada", AllocationKind.Hold, seats, seats.Length, Expiry);

    [Fact]
    public void Allocated_succeeds_with_the_allocation_and_is_not_a_replay()
    {
        var hold = NewHold("A1", "A2");

        var result = AllocationResult.Allocated(hold);

        Assert.Equal(AllocationStatus.Allocated, result.Status);
        Assert.True(result.Succeeded);
        Assert.Same(hold, result.Allocation);
        Assert.False(result.IsReplay);
        Assert.Empty(result.UnavailableSeatIds);
    }

    [Fact]
    public void Allocated_as_a_replay_succeeds_and_says_so()
    {
        var result = AllocationResult.Allocated(NewHold("A1"), isReplay: true);

        Assert.Equal(AllocationStatus.Allocated, result.Status);
        Assert.True(result.Succeeded);
        Assert.True(result.IsReplay);
        Assert.Contains("[replay]", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Allocated_without_an_allocation_throws_naming_the_parameter()
    {
        var error = Assert.Throws<ArgumentNullException>(() => AllocationResult.Allocated(null!));

        Assert.Equal("allocation", error.ParamName);
    }

    [Fact]
    public void Unavailable_names_the_seats_that_could_not_be_had()
    {
        var result = AllocationResult.Unavailable(["A2", "B7"]);

        Assert.Equal(AllocationStatus.Unavailable, result.Status);
        Assert.False(result.Succeeded);
        Assert.Null(result.Allocation);
        Assert.False(result.IsReplay);
        Assert.Equal(["A2", "B7"], result.UnavailableSeatIds);
        Assert.Contains("B7", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Unavailable_without_seats_means_sold_out()
    {
        Assert.Empty(AllocationResult.Unavailable([]).UnavailableSeatIds);
        Assert.Equal(AllocationStatus.Unavailable, AllocationResult.Unavailable([]).Status);
        Assert.Empty(AllocationResult.Unavailable(null!).UnavailableSeatIds);
    }

    public static TheoryData<string, AllocationStatus> Failures { get; } = new()
    {
        { nameof(AllocationResult.NotEnoughAvailable), AllocationStatus.Unavailable },
        { nameof(AllocationResult.HoldExpired), AllocationStatus.HoldExpired },
        { nameof(AllocationResult.NotFound), AllocationStatus.NotFound },
        { nameof(AllocationResult.IdempotencyKeyReused), AllocationStatus.IdempotencyKeyReused },
        { nameof(AllocationResult.Contended), AllocationStatus.Contended },
        { nameof(AllocationResult.NotEnoughTogether), AllocationStatus.NotEnoughTogether },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Failure_factories_give_their_status_and_no_allocation(string factory, AllocationStatus expected)
    {
        var result = factory switch
        {
            nameof(AllocationResult.NotEnoughAvailable) => AllocationResult.NotEnoughAvailable(),
            nameof(AllocationResult.HoldExpired) => AllocationResult.HoldExpired(),
            nameof(AllocationResult.NotFound) => AllocationResult.NotFound(),
            nameof(AllocationResult.IdempotencyKeyReused) => AllocationResult.IdempotencyKeyReused(),
            nameof(AllocationResult.Contended) => AllocationResult.Contended(),
            nameof(AllocationResult.NotEnoughTogether) => AllocationResult.NotEnoughTogether(),
            _ => throw new ArgumentOutOfRangeException(nameof(factory), factory, "Unknown factory."),
        };

        Assert.Equal(expected, result.Status);
        Assert.False(result.Succeeded);
        Assert.Null(result.Allocation);
        Assert.False(result.IsReplay);
        Assert.Empty(result.UnavailableSeatIds);
    }

    [Fact]
    public void Allocations_with_equal_seat_lists_in_different_arrays_are_equal()
    {
        var first = NewHold("A1", "A2");
        var second = NewHold("A1", "A2");

        Assert.NotSame(first.SeatIds, second.SeatIds);
        Assert.Equal(first, second);
        Assert.True(first == second);
        Assert.False(first != second);
        Assert.True(first.Equals((object)second));
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Fact]
    public void Allocations_that_differ_only_in_being_together_are_not_equal()
    {
        var hold = NewHold("A1", "A2");

        Assert.NotEqual(hold with { Together = true }, hold with { Together = false });
        Assert.NotEqual(hold, hold with { Together = true });
        Assert.Equal(hold with { Together = true }, NewHold("A1", "A2") with { Together = true });
    }

    [Fact]
    public void Allocations_with_a_list_and_an_array_of_the_same_seats_are_equal()
    {
        var array = NewHold("A1", "A2");
        var list = array with { SeatIds = new List<string> { "A1", "A2" } };

        Assert.Equal(array, list);
    }

    public static TheoryData<Allocation> DifferentAllocations { get; } = new()
    {
        NewHold("A1", "A2") with { Id = "hold-2" },
        NewHold("A1", "A2") with { ShowId = "other-show" },
        NewHold("A1", "A2") with { UserId = "bob" },
        NewHold("A1", "A2") with { Kind = AllocationKind.Booking },
        NewHold("A1", "A3"),
        NewHold("A2", "A1"),
        NewHold("A1", "A2") with { Quantity = 3 },
        NewHold("A1", "A2") with { ExpiresAt = null },
        NewHold("A1", "A2") with { ExpiresAt = Expiry.AddSeconds(1) },
    };

    [Theory]
    [MemberData(nameof(DifferentAllocations))]
    public void Allocations_differing_in_any_field_are_not_equal(Allocation other)
    {
        var allocation = NewHold("A1", "A2");

        Assert.NotEqual(allocation, other);
        Assert.False(allocation == other);
        Assert.False(allocation.Equals(null));
    }
}
