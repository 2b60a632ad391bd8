using Xunit;

namespace SeatAllocation.Testing;

public abstract partial class SeatMapConformanceTests
{
    /// <summary>Availability counts each category's and each section's seats and free seats ("12 left in Premium").</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task Availability_counts_free_seats_per_category_and_section()
    {
        var showId = await CreateMapAsync([
            .. Row("A", 4).Select(seat => seat with { Category = "Premium" }),
            .. Row("B", 4).Select(seat => seat with { Category = "Standard" }),
            .. Row("A", 2, section: "Circle"),
        ]);

        await TakeAsync(showId, "A1");
        AssertAllocated(await Strategy.HoldAsync(AllocationRequest.BestAvailable(showId, NewId("req"), NewId("user"), 2, new BestAvailableOptions { Category = "Standard" }), HoldDuration));

        var availability = await Strategy.GetAvailabilityAsync(showId) ?? throw new InvalidOperationException("The show vanished.");
        Assert.Equal(
            [new("Premium", new SeatGroupAvailability(4, 3)), new("Standard", new SeatGroupAvailability(4, 2))],
            availability.Categories.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToList());
        Assert.Equal(
            [new("Circle", new SeatGroupAvailability(2, 2)), new("Stalls", new SeatGroupAvailability(8, 5))],
            availability.Sections.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToList());

        Clock.Advance(HoldDuration);
        availability = await Strategy.GetAvailabilityAsync(showId);
        Assert.Equal(new SeatGroupAvailability(4, 4), availability!.Categories["Standard"]);
    }

    /// <summary>Every seat of a map is listed in the map's order with its place and whether it is free, held or booked.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task Seats_are_listed_in_map_order_with_their_place_and_status()
    {
        var catalog = Strategy as IShowCatalog ?? throw new InvalidOperationException($"{Strategy.GetType().Name} must implement {nameof(IShowCatalog)} to list seats.");
        var showId = await CreateMapAsync([.. Row("B", 2), .. Row("A", 2).Select(seat => seat with { Category = "Premium", Accessible = true })]);
        await TakeAsync(showId, "B2");
        AssertAllocated(await Strategy.HoldAsync(AllocationRequest.ForSeats(showId, NewId("req"), NewId("user"), "A1"), HoldDuration));

        var seats = await catalog.GetSeatsAsync(showId) ?? throw new InvalidOperationException("The show vanished.");

        Assert.Equal(["B1", "B2", "A1", "A2"], seats.Select(seat => seat.Id));
        Assert.Equal([SeatStatus.Free, SeatStatus.Booked, SeatStatus.Held, SeatStatus.Free], seats.Select(seat => seat.Status));
        var a1 = seats[2].Place!;
        Assert.Equal(("Stalls", "A", 1, "Premium", true), (a1.Section, a1.Row, a1.Position, a1.Category, a1.Accessible));
        Assert.Equal(ShowDefinition.Seated(showId, [.. Row("B", 2), .. Row("A", 2)]).Seats.Select(seat => seat.Rank), seats.Select(seat => seat.Place!.Rank));

        Clock.Advance(HoldDuration);
        seats = await catalog.GetSeatsAsync(showId);
        Assert.Equal(SeatStatus.Free, seats![2].Status);
    }

    /// <summary>A show of plain seat ids lists its seats in id order without places; general admission lists none; an unknown show is null.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task Seats_of_shows_without_a_map_are_listed_without_places()
    {
        var catalog = Strategy as IShowCatalog ?? throw new InvalidOperationException($"{Strategy.GetType().Name} must implement {nameof(IShowCatalog)} to list seats.");
        var plain = NewId("seated");
        Assert.Equal(CreateShowResult.Created, await Strategy.CreateShowAsync(ShowDefinition.Seated(plain, "S2", "S1")));
        await TakeAsync(plain, "S2");
        var general = NewId("ga");
        Assert.Equal(CreateShowResult.Created, await Strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(general, 5)));

        Assert.Equal([new SeatState("S1", SeatStatus.Free, null), new SeatState("S2", SeatStatus.Booked, null)], await catalog.GetSeatsAsync(plain));
        Assert.Empty((await catalog.GetSeatsAsync(general))!);
        Assert.Null(await catalog.GetSeatsAsync(NewId("missing")));
        Assert.Empty((await Strategy.GetAvailabilityAsync(plain))!.Categories);
    }

    /// <summary>A best-available request counts against the show's per-user limit like any other.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task Best_available_requests_count_against_the_per_user_limit()
    {
        var showId = NewId("map");
        Assert.Equal(CreateShowResult.Created, await Strategy.CreateShowAsync(ShowDefinition.Seated(showId, [.. Row("A", 10)]).WithMaxSeatsPerUser(4)));

        AssertAllocated(await Strategy.BookAsync(AllocationRequest.BestAvailable(showId, NewId("req"), "ada", 3)));
        Assert.Equal(AllocationStatus.PerUserLimitReached, (await Strategy.BookAsync(AllocationRequest.BestAvailable(showId, NewId("req"), "ada", 2))).Status);
        AssertAllocated(await Strategy.BookAsync(AllocationRequest.BestAvailable(showId, NewId("req"), "grace", 2)));
        await AssertInvariantsHoldAsync(showId);
    }
}
