using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace SeatAllocation.Testing;

/// <summary>
/// What every strategy that supports seat maps must do with best-available requests
/// (<see cref="AllocationRequest.BestAvailable"/>): choose adjacent seats in one row, the best-ranked
/// block that strands no single seat, honour the filters, refuse or split a group that does not fit
/// together, replay the seats it chose, and never give a seat twice under a rush. Each test uses small
/// maps whose best answer is known.
/// </summary>
/// <remarks>
/// Derive one (sealed) test class and return the strategy under test from
/// <see cref="StrategySuite.CreateStrategyAsync"/>, as for <see cref="AllocationStrategyConformanceTests"/>: it must
/// decide hold expiry by the given <see cref="TimeProvider"/> and implement <see cref="IAllocationVerifier"/>.
/// </remarks>
/// <example>
/// <code>
/// public sealed class MyStrategySeatMapConformanceTests : SeatMapConformanceTests
/// {
///     protected override Task&lt;IAllocationStrategy&gt; CreateStrategyAsync(TimeProvider timeProvider) =&gt;
///         Task.FromResult&lt;IAllocationStrategy&gt;(new MyAllocationStrategy(timeProvider));
/// }
/// </code>
/// </example>
public abstract partial class SeatMapConformanceTests : StrategySuite
{
    // Each show's seats by id, to check where the chosen seats are.
    private readonly Dictionary<string, Dictionary<string, SeatMapSeat>> _maps = new(StringComparer.Ordinal);

    /// <summary>
    /// One row of seats without a rank (so with the default), in section <c>Stalls</c> unless another
    /// is given, named after the row and position (<c>A1</c>, <c>A2</c>, …), prefixed by any other
    /// section (<c>Circle:A1</c>).
    /// </summary>
    /// <param name="row">The row's name, which prefixes the seat ids.</param>
    /// <param name="positions">The positions present; a missing one is a gap.</param>
    /// <param name="section">The section.</param>
    /// <returns>The row's seats.</returns>
    protected static IEnumerable<SeatMapSeat> RowWithPositions(string row, IEnumerable<int> positions, string section = "Stalls")
    {
        ArgumentNullException.ThrowIfNull(positions);
        var prefix = section == "Stalls" ? "" : $"{section}:";
        return positions.Select(position => new SeatMapSeat($"{prefix}{row}{position}", section, row, position));
    }

    /// <summary>A row of <paramref name="seats"/> seats at positions 1 to <paramref name="seats"/>; see <see cref="RowWithPositions"/>.</summary>
    /// <param name="row">The row's name.</param>
    /// <param name="seats">How many seats.</param>
    /// <param name="section">The section.</param>
    /// <returns>The row's seats.</returns>
    protected static IEnumerable<SeatMapSeat> Row(string row, int seats, string section = "Stalls") =>
        RowWithPositions(row, Enumerable.Range(1, seats), section);

    /// <summary>Creates a show with this seat map, asserting it was created.</summary>
    /// <param name="seats">The seats.</param>
    /// <returns>The new show's id.</returns>
    protected async Task<string> CreateMapAsync(IEnumerable<SeatMapSeat> seats)
    {
        var showId = NewId("map");
        var definition = ShowDefinition.Seated(showId, seats);
        Assert.Equal(CreateShowResult.Created, await Strategy.CreateShowAsync(definition));
        _maps[showId] = definition.Seats.ToDictionary(seat => seat.Id, StringComparer.Ordinal);
        return showId;
    }

    /// <summary>Books the best <paramref name="quantity"/> seats with a new request id.</summary>
    /// <param name="showId">The show.</param>
    /// <param name="quantity">How many seats.</param>
    /// <param name="options">The options; together and any seat when <see langword="null"/>.</param>
    /// <returns>The strategy's result.</returns>
    protected Task<AllocationResult> BookBestAsync(string showId, int quantity, BestAvailableOptions? options = null) =>
        Strategy.BookAsync(AllocationRequest.BestAvailable(showId, NewId("req"), NewId("user"), quantity, options));

    /// <summary>Books named seats with a new request id, asserting they were booked: the map's taken seats of a test.</summary>
    /// <param name="showId">The show.</param>
    /// <param name="seats">The seats.</param>
    /// <returns>A task that completes when the seats are booked.</returns>
    protected async Task TakeAsync(string showId, params string[] seats) =>
        AssertAllocated(await Strategy.BookAsync(AllocationRequest.ForSeats(showId, NewId("req"), NewId("user"), seats)));

    /// <summary>Asserts that <paramref name="result"/> allocated exactly <paramref name="seats"/> (in ordinal order), together or not.</summary>
    /// <param name="result">The result.</param>
    /// <param name="together">Whether the allocation must say its seats sit together.</param>
    /// <param name="seats">The seats expected.</param>
    /// <returns>The allocation.</returns>
    protected static Allocation AssertSeats(AllocationResult result, bool together, params string[] seats)
    {
        var allocation = AssertAllocated(result);
        Assert.Equal(seats.Order(StringComparer.Ordinal), allocation.SeatIds.Order(StringComparer.Ordinal));
        Assert.Equal(together, allocation.Together);
        return allocation;
    }

    /// <summary>Whether <paramref name="seatIds"/> of the show are one block: one row of one section, consecutive positions.</summary>
    /// <param name="showId">A show made by <see cref="CreateMapAsync"/>.</param>
    /// <param name="seatIds">The seats.</param>
    /// <returns>Whether they sit together.</returns>
    protected bool AreTogether(string showId, IEnumerable<string> seatIds)
    {
        var seats = seatIds.Select(id => _maps[showId][id]).OrderBy(seat => seat.Position).ToList();
        return seats.Select(seat => (seat.Section, seat.Row)).Distinct().Count() == 1
            && seats.Zip(seats.Skip(1)).All(pair => pair.Second.Position == pair.First.Position + 1);
    }

    /// <summary>Where a pair still fits in a show made by <see cref="CreateMapAsync"/>: the first seat of every two adjacent free seats.</summary>
    /// <param name="showId">The show.</param>
    /// <param name="takenSeatIds">Every seat held or booked.</param>
    /// <returns>Each free seat whose next position in its row is free too.</returns>
    protected IReadOnlyList<string> FreePairs(string showId, IEnumerable<string> takenSeatIds)
    {
        var taken = takenSeatIds.ToHashSet(StringComparer.Ordinal);
        var free = _maps[showId].Values.Where(seat => !taken.Contains(seat.Id)).ToList();
        var places = free.Select(seat => (seat.Section, seat.Row, seat.Position)).ToHashSet();
        return [.. free.Where(seat => places.Contains((seat.Section, seat.Row, seat.Position + 1))).Select(seat => seat.Id)];
    }
}
