using Xunit;

namespace SeatAllocation.Testing;

public abstract partial class AllocationStrategyConformanceTests
{
    /// <summary>A new seated show has every seat available.</summary>
    [Fact]
    public async Task A_new_seated_show_has_every_seat_available()
    {
        var showId = await CreateSeatedShowAsync(12);

        var availability = await AvailabilityAsync(showId);

        Assert.Equal(new ShowAvailability(showId, IsSeated: true, Capacity: 12, Available: 12, Held: 0, Booked: 0), availability);
        await AssertInvariantsHoldAsync(showId);
    }

    /// <summary>A new general admission show has its capacity available.</summary>
    [Fact]
    public async Task A_new_general_admission_show_has_its_capacity_available()
    {
        var showId = await CreateGeneralAdmissionShowAsync(250);

        Assert.Equal(new ShowAvailability(showId, IsSeated: false, Capacity: 250, Available: 250, Held: 0, Booked: 0), await AvailabilityAsync(showId));
    }

    /// <summary>Creating a show twice reports it exists and keeps the first.</summary>
    [Fact]
    public async Task Creating_a_show_twice_reports_it_exists_and_keeps_the_first()
    {
        var showId = await CreateSeatedShowAsync(3);

        var again = await Strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, 500));

        Assert.Equal(CreateShowResult.AlreadyExists, again);
        var availability = await AvailabilityAsync(showId);
        Assert.True(availability.IsSeated);
        Assert.Equal(3, availability.Capacity);
    }

    /// <summary>Repeating a show's creation with its request id and the same definition is a replay that changes nothing.</summary>
    [Fact]
    public async Task Repeating_a_show_creation_with_its_request_id_is_a_replay_that_changes_nothing()
    {
        var showId = NewId("show");
        var requestId = NewId("create");
        var show = ShowDefinition.Seated(showId, "S002", "S001", "S003").WithRequestId(requestId);

        var first = await Strategy.CreateShowAsync(show);
        Assert.True((await BookSeatsAsync(showId, "ada", "S001")).Succeeded);
        var again = await Strategy.CreateShowAsync(ShowDefinition.Seated(showId, "S001", "S002", "S003").WithRequestId(requestId));

        Assert.Equal((CreateShowResult.Created, CreateShowResult.Replayed), (first, again));
        await AssertAvailabilityAsync(showId, available: 2, held: 0, booked: 1);
    }

    /// <summary>A show request id reused for another show, or for the same show with another definition, creates nothing.</summary>
    [Fact]
    public async Task A_show_request_id_reused_with_another_definition_creates_nothing()
    {
        var showId = NewId("show");
        var otherShowId = NewId("other");
        var requestId = NewId("create");
        Assert.Equal(CreateShowResult.Created, await Strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, 10).WithRequestId(requestId)));

        var otherCapacity = await Strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, 11).WithRequestId(requestId));
        var seatedInstead = await Strategy.CreateShowAsync(ShowDefinition.Seated(showId, "S001").WithRequestId(requestId));
        var otherShow = await Strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(otherShowId, 10).WithRequestId(requestId));

        Assert.Equal(
            (CreateShowResult.IdempotencyKeyReused, CreateShowResult.IdempotencyKeyReused, CreateShowResult.IdempotencyKeyReused),
            (otherCapacity, seatedInstead, otherShow));
        Assert.Equal(new ShowAvailability(showId, IsSeated: false, Capacity: 10, Available: 10, Held: 0, Booked: 0), await AvailabilityAsync(showId));
        Assert.Null(await Strategy.GetAvailabilityAsync(otherShowId));
    }

    /// <summary>A show created by another request, with another request id or none, exists for a creation with a new request id.</summary>
    [Fact]
    public async Task A_show_created_by_another_request_exists_for_a_new_request_id()
    {
        var withoutKey = NewId("show");
        var withKey = NewId("show");
        Assert.Equal(CreateShowResult.Created, await Strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(withoutKey, 5)));
        Assert.Equal(CreateShowResult.Created, await Strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(withKey, 5).WithRequestId(NewId("create"))));

        var sameDefinitionNewKey = await Strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(withoutKey, 5).WithRequestId(NewId("create")));
        var otherKey = await Strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(withKey, 5).WithRequestId(NewId("create")));
        var noKey = await Strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(withKey, 5));

        Assert.Equal(
            (CreateShowResult.AlreadyExists, CreateShowResult.AlreadyExists, CreateShowResult.AlreadyExists),
            (sameDefinitionNewKey, otherKey, noKey));
    }

    /// <summary>Concurrent creations of a show under one request id create it once; every other is a replay.</summary>
    [Fact]
    public async Task Concurrent_creations_under_one_request_id_create_the_show_once()
    {
        var showId = NewId("show");
        var requestId = NewId("create");

        var results = await Concurrency.RaceAsync(20, _ => Strategy.CreateShowAsync(ShowDefinition.Seated(showId, SeatNames(4)).WithRequestId(requestId)));

        Assert.Single(results, r => r == CreateShowResult.Created);
        Assert.Equal(19, results.Count(r => r == CreateShowResult.Replayed));
        await AssertAvailabilityAsync(showId, available: 4, held: 0, booked: 0);
    }

    /// <summary>An unknown show has no availability and cannot be booked.</summary>
    [Fact]
    public async Task An_unknown_show_has_no_availability_and_cannot_be_booked()
    {
        var showId = NewId("missing");

        Assert.Null(await Strategy.GetAvailabilityAsync(showId));
        Assert.Equal(AllocationStatus.NotFound, (await BookSeatsAsync(showId, "ada", "S001")).Status);
        Assert.Equal(AllocationStatus.NotFound, (await Strategy.HoldAsync(AllocationRequest.ForQuantity(showId, NewId("req"), "ada", 1), HoldDuration)).Status);
        Assert.Equal(AllocationStatus.NotFound, (await Strategy.ConfirmAsync(new AllocationReference(showId, Guid.NewGuid().ToString("N")))).Status);
        Assert.Equal(ReleaseStatus.NotFound, await Strategy.ReleaseAsync(new AllocationReference(showId, Guid.NewGuid().ToString("N"))));
        Assert.Equal(ReleaseStatus.NotFound, await Strategy.CancelAsync(new AllocationReference(showId, Guid.NewGuid().ToString("N"))));
    }

    /// <summary>Invalid arguments throw naming the field and change nothing.</summary>
    [Fact]
    public async Task Invalid_arguments_throw_naming_the_field_and_change_nothing()
    {
        var showId = await CreateSeatedShowAsync(2);
        var request = AllocationRequest.ForSeats(showId, NewId("req"), "ada", "S001");

        Assert.Equal("request", (await Assert.ThrowsAsync<ArgumentNullException>(() => Strategy.BookAsync(null!))).ParamName);
        Assert.Equal("duration", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Strategy.HoldAsync(request, TimeSpan.Zero))).ParamName);
        Assert.Equal("duration", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Strategy.HoldAsync(request, TimeSpan.FromDays(2)))).ParamName);
        Assert.Equal("showId", (await Assert.ThrowsAsync<ArgumentException>(() => Strategy.GetAvailabilityAsync(" "))).ParamName);
        Assert.Equal("show", (await Assert.ThrowsAsync<ArgumentNullException>(() => Strategy.CreateShowAsync(null!))).ParamName);
        Assert.Equal("hold", (await Assert.ThrowsAsync<ArgumentNullException>(() => Strategy.ConfirmAsync(null!))).ParamName);

        await AssertAvailabilityAsync(showId, available: 2, held: 0, booked: 0);
    }

    /// <summary>A cancelled token stops the call and changes nothing.</summary>
    [Fact]
    public async Task A_cancelled_token_stops_the_call_and_changes_nothing()
    {
        var showId = await CreateSeatedShowAsync(2);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Strategy.BookAsync(AllocationRequest.ForSeats(showId, NewId("req"), "ada", "S001"), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Strategy.HoldAsync(AllocationRequest.ForQuantity(showId, NewId("req"), "ada", 2), HoldDuration, cancelled.Token));

        await AssertAvailabilityAsync(showId, available: 2, held: 0, booked: 0);
        await AssertInvariantsHoldAsync(showId);
    }
}
