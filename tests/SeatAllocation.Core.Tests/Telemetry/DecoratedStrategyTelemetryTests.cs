using System.Collections.Concurrent;
using System.Diagnostics;

namespace SeatAllocation.Core.Tests.Telemetry;

/// <summary>
/// A request through a decorator (such as the Redis admission gate) is counted once, by the strategy
/// the application called; the inner strategy it calls is not counted again but still traces.
/// </summary>
[Collection(TelemetryTestGroup.Name)]
public sealed class DecoratedStrategyTelemetryTests
{
    [Fact]
    public async Task A_request_through_a_decorator_is_counted_once_under_the_decorators_name()
    {
        var inner = new InMemoryAllocationStrategy();
        var decorator = new PassThroughStrategy(inner);
        var showId = $"decorated-{Guid.NewGuid():N}";
        using var metrics = new MetricsRecorder();
        var activities = new ConcurrentQueue<Activity>();
        using var tracing = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SeatAllocationTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(tracing);

        await decorator.CreateShowAsync(ShowDefinition.Seated(showId, "A1", "A2"));
        Assert.True((await decorator.BookAsync(AllocationRequest.ForSeats(showId, "r1", "ada", "A1"))).Succeeded);
        Assert.True((await inner.BookAsync(AllocationRequest.ForSeats(showId, "r2", "bob", "A2"))).Succeeded);

        long Requests(string strategy, string operation) => metrics.Measurements
            .Where(m => m.Instrument == "seatallocation.requests" && m.Tag("seatallocation.strategy") == strategy && m.Tag("seatallocation.operation") == operation)
            .Sum(m => (long)m.Value);
        int Durations(string strategy) => metrics.Measurements
            .Count(m => m.Instrument == "seatallocation.request.duration" && m.Tag("seatallocation.strategy") == strategy && m.Tag("seatallocation.operation") == "book");
        Assert.Equal(1, Requests(PassThroughStrategy.StrategyName, "create_show"));
        Assert.Equal(1, Requests(PassThroughStrategy.StrategyName, "book"));
        Assert.Equal(1, Durations(PassThroughStrategy.StrategyName));

        // The inner strategy counts only the request the application made to it directly.
        Assert.Equal(0, Requests(InMemoryAllocationStrategy.StrategyName, "create_show"));
        Assert.Equal(1, Requests(InMemoryAllocationStrategy.StrategyName, "book"));
        Assert.Equal(1, Durations(InMemoryAllocationStrategy.StrategyName));

        // Traces keep the inner call, as a child of the decorator's.
        var outer = Assert.Single(activities, a => a.OperationName == "seatallocation.book" && (string?)a.GetTagItem("seatallocation.strategy") == PassThroughStrategy.StrategyName);
        Assert.Contains(activities, a => a.OperationName == "seatallocation.book" && a.ParentSpanId == outer.SpanId
            && (string?)a.GetTagItem("seatallocation.strategy") == InMemoryAllocationStrategy.StrategyName);
    }

    /// <summary>A decorator that hands every operation to the strategy it wraps.</summary>
    private sealed class PassThroughStrategy(IAllocationStrategy inner) : AllocationStrategy(StrategyName, null)
    {
        public const string StrategyName = "pass-through";

        protected override Task<CreateShowResult> CreateShowCoreAsync(ShowDefinition show, CancellationToken cancellationToken) => inner.CreateShowAsync(show, cancellationToken);

        protected override Task<ShowAvailability?> GetAvailabilityCoreAsync(string showId, CancellationToken cancellationToken) => inner.GetAvailabilityAsync(showId, cancellationToken);

        protected override Task<AllocationResult> HoldCoreAsync(AllocationRequest request, TimeSpan duration, CancellationToken cancellationToken) => inner.HoldAsync(request, duration, cancellationToken);

        protected override Task<AllocationResult> ConfirmCoreAsync(AllocationReference hold, CancellationToken cancellationToken) => inner.ConfirmAsync(hold, cancellationToken);

        protected override Task<ReleaseStatus> ReleaseCoreAsync(AllocationReference hold, CancellationToken cancellationToken) => inner.ReleaseAsync(hold, cancellationToken);

        protected override Task<AllocationResult> BookCoreAsync(AllocationRequest request, CancellationToken cancellationToken) => inner.BookAsync(request, cancellationToken);

        protected override Task<ReleaseStatus> CancelCoreAsync(AllocationReference booking, CancellationToken cancellationToken) => inner.CancelAsync(booking, cancellationToken);

        protected override Task<AllocationResult> ExtendCoreAsync(AllocationReference hold, TimeSpan extension, CancellationToken cancellationToken) => inner.ExtendAsync(hold, extension, cancellationToken);
    }
}
