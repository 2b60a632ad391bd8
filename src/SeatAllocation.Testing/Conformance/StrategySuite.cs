using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace SeatAllocation.Testing;

/// <summary>
/// What every suite of the kit shares: the strategy under test, made afresh for each test on the
/// suite's own clock, and checked to verify its own state. Derive from a suite, not from this class.
/// </summary>
/// <remarks>
/// xunit creates a new instance of the class, and so calls <see cref="CreateStrategyAsync"/>, for
/// every test. Share anything expensive (a database, a connection pool) through a static or a
/// fixture; the tests never reuse a show id, so one database serves them all.
/// </remarks>
public abstract class StrategySuite : IAsyncLifetime
{
    /// <summary>The time to live of the holds the suite's helpers make: five minutes.</summary>
    protected static readonly TimeSpan HoldDuration = TimeSpan.FromMinutes(5);

    /// <summary>The clock holds expire by; tests move it forward by hand.</summary>
    protected FakeTimeProvider Clock { get; } = new();

    /// <summary>The strategy under test, created by <see cref="CreateStrategyAsync"/> before each test.</summary>
    protected IAllocationStrategy Strategy { get; private set; } = null!;

    /// <summary>The strategy under test as its own verifier.</summary>
    protected IAllocationVerifier Verifier { get; private set; } = null!;

    /// <summary>Creates the strategy under test on <paramref name="timeProvider"/>. It must also verify its own state.</summary>
    /// <param name="timeProvider">The suite's clock (<see cref="Clock"/>); holds must expire by it.</param>
    /// <returns>A strategy for this test alone, on <paramref name="timeProvider"/> (every test has its own clock); it may share a database with the others.</returns>
    protected abstract Task<IAllocationStrategy> CreateStrategyAsync(TimeProvider timeProvider);

    /// <summary>Creates the strategy under test before each test; an override must call this first.</summary>
    /// <returns>A task that completes when the strategy is ready.</returns>
    /// <exception cref="InvalidOperationException">The strategy does not implement <see cref="IAllocationVerifier"/>.</exception>
    public virtual async Task InitializeAsync()
    {
        Strategy = await CreateStrategyAsync(Clock);
        Verifier = Strategy as IAllocationVerifier
            ?? throw new InvalidOperationException($"{Strategy.GetType().Name} must implement {nameof(IAllocationVerifier)} to run {GetType().Name}.");
    }

    /// <summary>Runs after each test. Does nothing: override it to dispose what <see cref="CreateStrategyAsync"/> made for this test alone.</summary>
    /// <returns>A completed task.</returns>
    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A new unique id such as <c>seated-3f2a…</c>, so that tests never share a show or a request id.</summary>
    /// <param name="prefix">The id's first part, saying what it names.</param>
    /// <returns>The prefix, a hyphen and a new GUID.</returns>
    protected static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Asserts that <paramref name="result"/> succeeded and returns its allocation.</summary>
    /// <param name="result">A hold, booking, confirmation or extension result.</param>
    /// <returns>The allocation.</returns>
    protected static Allocation AssertAllocated(AllocationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Assert.True(result.Succeeded, $"Expected an allocation, got {result}.");
        return result.Allocation;
    }

    /// <summary>Asserts the show's counts as the strategy reports them.</summary>
    /// <param name="showId">The show.</param>
    /// <param name="available">Seats or places free.</param>
    /// <param name="held">Seats or places in live holds.</param>
    /// <param name="booked">Seats or places booked.</param>
    /// <returns>A task that completes when the counts are checked.</returns>
    protected async Task AssertAvailabilityAsync(string showId, int available, int held, int booked)
    {
        var availability = await Strategy.GetAvailabilityAsync(showId) ?? throw new InvalidOperationException($"Show {showId} vanished.");
        Assert.Equal((available, held, booked), (availability.Available, availability.Held, availability.Booked));
    }

    /// <summary>Runs the strategy's verifier on the show and fails with every violation it reports.</summary>
    /// <param name="showId">The show.</param>
    /// <returns>A task that completes when the show is verified.</returns>
    protected async Task AssertInvariantsHoldAsync(string showId)
    {
        var report = await Verifier.VerifyAsync(showId);
        Assert.True(report.IsValid, report.ToString());
        Assert.Equal(1, report.ShowsChecked);
    }
}
