using System.Collections.Concurrent;
using System.Diagnostics;

namespace SeatAllocation.Core.Tests.Telemetry;

/// <summary>
/// Metrics carry no show id, so these tests run alone (see <see cref="TelemetryTestGroup"/>) and
/// assert "at least" counts: anything else still emitting can only add measurements, never hide ours.
/// </summary>
[Collection(TelemetryTestGroup.Name)]
public sealed class TelemetryTests
{
    private const string RequestsCounter = "seatallocation.requests";
    private const string DurationHistogram = "seatallocation.request.duration";

    [Fact]
    public async Task Every_operation_is_counted_by_strategy_operation_and_outcome()
    {
        using var metrics = new MetricsRecorder();
        var strategy = new InMemoryAllocationStrategy();
        var showId = NewId("telemetry-show");

        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, "A1", "A2"));
        Assert.True((await strategy.HoldAsync(AllocationRequest.ForSeats(showId, "hold-1", "ada", "A1"), TimeSpan.FromMinutes(5))).Succeeded);
        var booking = AllocationRequest.ForSeats(showId, "book-1", "bob", "A2");
        Assert.True((await strategy.BookAsync(booking)).Succeeded);
        Assert.True((await strategy.BookAsync(booking)).IsReplay);
        Assert.Equal(AllocationStatus.Unavailable, (await strategy.BookAsync(AllocationRequest.ForSeats(showId, "book-2", "carol", "A1"))).Status);
        Assert.Equal(AllocationStatus.NotFound, (await strategy.ConfirmAsync(new AllocationReference(showId, "no-such-hold"))).Status);
        Assert.NotNull(await strategy.GetAvailabilityAsync(showId));

        AssertCountedAtLeastOnce(metrics, "create_show", "created");
        AssertCountedAtLeastOnce(metrics, "hold", "allocated");
        AssertCountedAtLeastOnce(metrics, "book", "allocated");
        AssertCountedAtLeastOnce(metrics, "book", "replayed");
        AssertCountedAtLeastOnce(metrics, "book", "unavailable");
        AssertCountedAtLeastOnce(metrics, "confirm", "not_found");
        AssertCountedAtLeastOnce(metrics, "get_availability", "found");
    }

    [Fact]
    public async Task Each_counted_request_also_records_its_duration_in_seconds()
    {
        using var metrics = new MetricsRecorder();
        var strategy = new InMemoryAllocationStrategy();
        var showId = NewId("telemetry-show");
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, 1));

        Assert.True((await strategy.BookAsync(AllocationRequest.ForQuantity(showId, "book-1", "ada", 1))).Succeeded);

        var durations = metrics.InMemory(DurationHistogram, "book", "allocated");
        Assert.NotEmpty(durations);
        Assert.All(durations, d =>
        {
            Assert.Equal("s", d.Unit);
            Assert.InRange(d.Value, 0, 60);
        });
        Assert.Equal("{request}", metrics.InMemory(RequestsCounter, "book", "allocated")[0].Unit);
    }

    [Fact]
    public async Task A_call_that_throws_is_counted_with_the_error_outcome()
    {
        using var metrics = new MetricsRecorder();
        var strategy = new InMemoryAllocationStrategy();
        var showId = NewId("telemetry-show");
        await strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, 1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            strategy.HoldAsync(AllocationRequest.ForQuantity(showId, "hold-1", "ada", 1), TimeSpan.FromMinutes(1), new CancellationToken(canceled: true)));

        AssertCountedAtLeastOnce(metrics, "hold", "error");
        Assert.NotEmpty(metrics.InMemory(DurationHistogram, "hold", "error"));
    }

    [Fact]
    public async Task A_booking_is_traced_as_an_activity_tagged_with_the_show()
    {
        var showId = NewId("telemetry-show");
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = ListenToActivities(stopped);
        var strategy = new InMemoryAllocationStrategy();

        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, "A1"));
        Assert.True((await strategy.BookAsync(AllocationRequest.ForSeats(showId, "book-1", "ada", "A1"))).Succeeded);

        var ours = stopped.Where(a => a.GetTagItem("seatallocation.show_id") as string == showId).ToList();
        var book = Assert.Single(ours, a => a.OperationName == "seatallocation.book");
        Assert.Equal(SeatAllocationTelemetry.ActivitySourceName, book.Source.Name);
        Assert.Equal(InMemoryAllocationStrategy.StrategyName, book.GetTagItem("seatallocation.strategy"));
        Assert.Equal("allocated", book.GetTagItem("seatallocation.outcome"));
        Assert.NotEqual(ActivityStatusCode.Error, book.Status);
        Assert.Single(ours, a => a.OperationName == "seatallocation.create_show");
    }

    [Fact]
    public async Task A_call_that_throws_marks_its_activity_as_an_error()
    {
        var showId = NewId("telemetry-show");
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = ListenToActivities(stopped);
        var strategy = new InMemoryAllocationStrategy();
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, "A1"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            strategy.BookAsync(AllocationRequest.ForSeats(showId, "book-1", "ada", "A1"), new CancellationToken(canceled: true)));

        var book = Assert.Single(stopped, a => a.GetTagItem("seatallocation.show_id") as string == showId && a.OperationName == "seatallocation.book");
        Assert.Equal(ActivityStatusCode.Error, book.Status);
        Assert.Equal("error", book.GetTagItem("seatallocation.outcome"));
    }

    private static void AssertCountedAtLeastOnce(MetricsRecorder metrics, string operation, string outcome)
    {
        var counted = metrics.InMemory(RequestsCounter, operation, outcome);
        Assert.True(counted.Sum(m => m.Value) >= 1, $"Expected {RequestsCounter} with operation={operation}, outcome={outcome}; saw: {Describe(metrics)}");
        Assert.True(metrics.InMemory(DurationHistogram, operation, outcome).Count >= 1, $"Expected {DurationHistogram} with operation={operation}, outcome={outcome}.");
    }

    private static string Describe(MetricsRecorder metrics) =>
        string.Join("; ", metrics.Measurements.Select(m => $"{m.Instrument}[{string.Join(",", m.Tags.Select(t => $"{t.Key}={t.Value}"))}]={m.Value}"));

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Collects every SeatAllocation activity that stops while the returned listener lives.</summary>
    private static ActivityListener ListenToActivities(ConcurrentQueue<Activity> stopped)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SeatAllocationTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
