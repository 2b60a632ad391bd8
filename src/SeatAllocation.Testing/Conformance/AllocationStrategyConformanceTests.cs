using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace SeatAllocation.Testing;

/// <summary>
/// The behaviour every strategy must show, run against each one by a subclass. Each test makes its
/// own shows (unique ids), so tests run in parallel against one shared server. Races use many real
/// concurrent clients and end with the strategy's verifier reporting no violation.
/// </summary>
/// <remarks>
/// <para>
/// Derive one (sealed) test class and return the strategy under test from
/// <see cref="StrategySuite.CreateStrategyAsync"/>; xunit then runs every test of the suite against it. The strategy
/// must decide hold expiry by the <see cref="TimeProvider"/> it is given (the suite moves a
/// <see cref="FakeTimeProvider"/> forward instead of waiting) and must implement
/// <see cref="IAllocationVerifier"/>, which the suite runs after each test's allocations.
/// </para>
/// <para>
/// xunit creates a new instance of the class, and so calls <see cref="StrategySuite.CreateStrategyAsync"/>, for
/// every test. Share anything expensive (a database, a connection pool) through a static or a
/// fixture; the tests never reuse a show id, so one database serves them all.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// public sealed class MyStrategyConformanceTests : AllocationStrategyConformanceTests
/// {
///     protected override Task&lt;IAllocationStrategy&gt; CreateStrategyAsync(TimeProvider timeProvider) =&gt;
///         Task.FromResult&lt;IAllocationStrategy&gt;(new MyAllocationStrategy(timeProvider));
/// }
/// </code>
/// </example>
public abstract partial class AllocationStrategyConformanceTests : StrategySuite
{
    /// <summary>The seat ids of a show made by <see cref="CreateSeatedShowAsync"/>: <c>S001</c>, <c>S002</c>, …</summary>
    /// <param name="count">How many seats.</param>
    /// <returns><paramref name="count"/> seat ids in order.</returns>
    protected static string[] SeatNames(int count) => [.. Enumerable.Range(1, count).Select(i => $"S{i:D3}")];

    /// <summary>Creates a show with named seats <c>S001</c>…, asserting it was created.</summary>
    /// <param name="seats">How many seats.</param>
    /// <returns>The new show's id.</returns>
    protected async Task<string> CreateSeatedShowAsync(int seats)
    {
        var showId = NewId("seated");
        Assert.Equal(CreateShowResult.Created, await Strategy.CreateShowAsync(ShowDefinition.Seated(showId, SeatNames(seats))));
        return showId;
    }

    /// <summary>Creates a general-admission show, asserting it was created.</summary>
    /// <param name="capacity">How many places.</param>
    /// <returns>The new show's id.</returns>
    protected async Task<string> CreateGeneralAdmissionShowAsync(int capacity)
    {
        var showId = NewId("ga");
        Assert.Equal(CreateShowResult.Created, await Strategy.CreateShowAsync(ShowDefinition.GeneralAdmission(showId, capacity)));
        return showId;
    }

    /// <summary>Books named seats with a new request id.</summary>
    /// <param name="showId">The show.</param>
    /// <param name="userId">The buyer.</param>
    /// <param name="seats">The seats, all or none.</param>
    /// <returns>The strategy's result.</returns>
    protected Task<AllocationResult> BookSeatsAsync(string showId, string userId, params string[] seats) =>
        Strategy.BookAsync(AllocationRequest.ForSeats(showId, NewId("req"), userId, seats));

    /// <summary>Holds named seats for <see cref="StrategySuite.HoldDuration"/> with a new request id.</summary>
    /// <param name="showId">The show.</param>
    /// <param name="userId">The buyer.</param>
    /// <param name="seats">The seats, all or none.</param>
    /// <returns>The strategy's result.</returns>
    protected Task<AllocationResult> HoldSeatsAsync(string showId, string userId, params string[] seats) =>
        Strategy.HoldAsync(AllocationRequest.ForSeats(showId, NewId("req"), userId, seats), HoldDuration);

    /// <summary>The show's availability, which must exist.</summary>
    /// <param name="showId">The show.</param>
    /// <returns>What the strategy reports.</returns>
    /// <exception cref="InvalidOperationException">The strategy does not know the show.</exception>
    protected async Task<ShowAvailability> AvailabilityAsync(string showId) =>
        await Strategy.GetAvailabilityAsync(showId) ?? throw new InvalidOperationException($"Show {showId} vanished.");

    /// <summary>
    /// Books like a real client would: <see cref="AllocationStatus.Contended"/> means "nothing
    /// happened, retry later", so it retries those (with the same request id) until decided.
    /// </summary>
    /// <param name="request">The booking, sent again unchanged on each retry.</param>
    /// <returns>The first result that is not <see cref="AllocationStatus.Contended"/>, or the 50th.</returns>
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
