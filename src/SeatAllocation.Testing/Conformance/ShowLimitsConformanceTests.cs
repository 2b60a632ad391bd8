using Xunit;

namespace SeatAllocation.Testing;

/// <summary>
/// What every strategy that supports a show's limits must do: refuse a buyer past the show's
/// <see cref="ShowDefinition.MaxSeatsPerUser"/>, however many requests they send at once, and extend a
/// live hold (<see cref="IAllocationStrategy.ExtendAsync"/>) only within the show's
/// <see cref="ShowDefinition.MaxHoldLifetime"/>.
/// </summary>
/// <remarks>
/// Derive one (sealed) test class and return the strategy under test from
/// <see cref="StrategySuite.CreateStrategyAsync"/>, as for <see cref="AllocationStrategyConformanceTests"/>: it must
/// decide hold expiry by the given <see cref="TimeProvider"/> and implement <see cref="IAllocationVerifier"/>.
/// </remarks>
public abstract partial class ShowLimitsConformanceTests : StrategySuite
{
    /// <summary>Creates a show, asserting it was created.</summary>
    /// <param name="definition">The show, with its limits.</param>
    /// <returns>The show's id.</returns>
    protected async Task<string> CreateAsync(ShowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Assert.Equal(CreateShowResult.Created, await Strategy.CreateShowAsync(definition));
        return definition.ShowId;
    }

    /// <summary>Holds <paramref name="quantity"/> places of a show for <paramref name="userId"/> with a new request id.</summary>
    /// <param name="showId">The show.</param>
    /// <param name="userId">The buyer.</param>
    /// <param name="quantity">How many.</param>
    /// <returns>The strategy's result.</returns>
    protected Task<AllocationResult> HoldAsync(string showId, string userId, int quantity) =>
        Strategy.HoldAsync(AllocationRequest.ForQuantity(showId, NewId("req"), userId, quantity), HoldDuration);

    /// <summary>Books <paramref name="quantity"/> places of a show for <paramref name="userId"/> with a new request id.</summary>
    /// <param name="showId">The show.</param>
    /// <param name="userId">The buyer.</param>
    /// <param name="quantity">How many.</param>
    /// <returns>The strategy's result.</returns>
    protected Task<AllocationResult> BookAsync(string showId, string userId, int quantity) =>
        Strategy.BookAsync(AllocationRequest.ForQuantity(showId, NewId("req"), userId, quantity));

    /// <summary>The reference to <paramref name="allocation"/> that its owner would send.</summary>
    /// <param name="allocation">A hold or booking.</param>
    /// <returns>The reference.</returns>
    protected static AllocationReference ReferenceTo(Allocation allocation)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        return new AllocationReference(allocation.ShowId, allocation.Id, allocation.UserId);
    }
}
