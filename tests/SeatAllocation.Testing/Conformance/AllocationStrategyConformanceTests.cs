using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace SeatAllocation.Testing;

/// <summary>
/// The behaviour every strategy must show, run against each one by a subclass. Each test makes its
/// own shows (unique ids), so tests run in parallel against one shared server. Races use many real
/// concurrent clients and end with the strategy's verifier reporting no violation.
/// </summary>
public abstract partial class AllocationStrategyConformanceTests : IAsyncLifetime
{
    protected static readonly TimeSpan HoldDuration = TimeSpan.FromMinutes(5);

    /// <summary>The clock holds expire by; tests move it forward by hand.</summary>
    protected FakeTimeProvider Clock { get; } = new();

    protected IAllocationStrategy Strategy { get; private set; } = null!;

    protected IAllocationVerifier Verifier { get; private set; } = null!;

    /// <summary>Creates the strategy under test on <paramref name="timeProvider"/>. It must also verify its own state.</summary>
    protected abstract Task<IAllocationStrategy> CreateStrategyAsync(TimeProvider timeProvider);

    public async Task InitializeAsync()
    {
        Strategy = await CreateStrategyAsync(Clock);
        Verifier = Strategy as IAllocationVerifier
            ?? throw new InvalidOperationException($"{Strategy.GetType().Name} must implement {nameof(IAllocationVerifier)} to run the conformance suite.");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    protected static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    protected static string[] SeatNames(int count) => [.. Enumerable.Range(1, count).Select(i => $"S{i:D3}")];

    protected async Task<string> CreateSeatedShowAsync(int seats)
    {
        var showId = NewId("seated");
        Assert.Equal(CreateShowResult.Created, await Strategy.CreateShowAsync(ShowDefinition.Seated(showId, SeatNames(seats))));
        return showId;
    }

    protected async Task<string> CreateGeneralAdmissionShowAsync(int capacity)
    {
        var showId = NewId("ga");
        Assert.Equal(CreateShowResult.Created, await Strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, capacity)));
        return showId;
    }

    protected Task<AllocationResult> BookSeatsAsync(string showId, string userId, params string[] seats) =>
        Strategy.BookAsync(AllocationRequest.ForSeats(showId, NewId("req"), userId, seats));

    protected Task<AllocationResult> HoldSeatsAsync(string showId, string userId, params string[] seats) =>
        Strategy.HoldAsync(AllocationRequest.ForSeats(showId, NewId("req"), userId, seats), HoldDuration);

    protected async Task<ShowAvailability> AvailabilityAsync(string showId) =>
        await Strategy.GetAvailabilityAsync(showId) ?? throw new InvalidOperationException($"Show {showId} vanished.");

    protected async Task AssertAvailabilityAsync(string showId, int available, int held, int booked)
    {
        var availability = await AvailabilityAsync(showId);
        Assert.Equal((available, held, booked), (availability.Available, availability.Held, availability.Booked));
    }

    /// <summary>Runs the strategy's verifier on the show and fails with every violation it reports.</summary>
    protected async Task AssertInvariantsHoldAsync(string showId)
    {
        var report = await Verifier.VerifyAsync(showId);
        Assert.True(report.IsValid, report.ToString());
        Assert.Equal(1, report.ShowsChecked);
    }

    protected static Allocation AssertAllocated(AllocationResult result)
    {
        Assert.True(result.Succeeded, $"Expected an allocation, got {result}.");
        return result.Allocation;
    }

    /// <summary>
    /// Books like a real client would: <see cref="AllocationStatus.Contended"/> means "nothing
    /// happened, retry later", so it retries those (with the same request id) until decided.
    /// </summary>
    protected async Task<AllocationResult> BookUntilDecidedAsync(AllocationRequest request)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await Strategy.BookAsync(request);
            if (result.Status != AllocationStatus.Contended || attempt == 50)
            {
                return result;
            }

            await Task.Delay(Random.Shared.Next(1, 20));
        }
    }
}
