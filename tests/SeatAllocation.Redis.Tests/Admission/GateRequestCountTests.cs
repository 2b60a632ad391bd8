using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using SeatAllocation.Postgres;

namespace SeatAllocation.Redis.Tests.Admission;

/// <summary>
/// A request through the gate is counted once on <c>seatallocation.requests</c>, under the gate's
/// name: the PostgreSQL strategy behind it does not count it again. Runs alone, as the counter
/// carries no show id.
/// </summary>
[Collection(nameof(RedisAlone))]
public sealed class GateRequestCountTests
{
    [Fact]
    public async Task A_request_through_the_gate_is_counted_once_under_the_gates_name()
    {
        var requests = new ConcurrentQueue<(string? Strategy, string? Operation, string? Outcome, long Value)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SeatAllocationTelemetry.MeterName && instrument.Name == "seatallocation.requests")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var copied = tags.ToArray().ToDictionary(t => t.Key, t => t.Value as string);
            requests.Enqueue((copied.GetValueOrDefault("seatallocation.strategy"), copied.GetValueOrDefault("seatallocation.operation"), copied.GetValueOrDefault("seatallocation.outcome"), value));
        });
        listener.Start();

        var gate = await RedisTestEnvironment.CreateStrategyAsync();
        var showId = RedisTestEnvironment.NewId("count-once");
        await gate.CreateShowAsync(ShowDefinition.Seated(showId, "A1"));
        Assert.True((await gate.BookAsync(AllocationRequest.ForSeats(showId, "r1", "ada", "A1"))).Succeeded);
        Assert.Equal(AllocationStatus.Unavailable, (await gate.BookAsync(AllocationRequest.ForSeats(showId, "r2", "bob", "A1"))).Status);

        long Count(string strategy, string operation, string? outcome = null) =>
            requests.Where(r => r.Strategy == strategy && r.Operation == operation && (outcome is null || r.Outcome == outcome)).Sum(r => r.Value);
        Assert.Equal(1, Count(RedisAdmissionStrategy.StrategyName, "book", "allocated"));
        Assert.Equal(1, Count(RedisAdmissionStrategy.StrategyName, "book", "unavailable"));
        Assert.Equal(1, Count(RedisAdmissionStrategy.StrategyName, "create_show"));

        // The admitted booking reached PostgreSQL, and the rejected one did not; neither is counted twice.
        Assert.Equal(0, Count(PessimisticAllocationStrategy.StrategyName, "book"));
        Assert.Equal(0, Count(PessimisticAllocationStrategy.StrategyName, "create_show"));
        Assert.Equal(3, requests.Sum(r => r.Value));
    }
}
