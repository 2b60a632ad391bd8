namespace SeatAllocation.InMemory;

/// <summary>
/// A show's seat map as rows of seats in position order, and the choice of the best seats for a
/// best-available request: the reference the other strategies are measured against.
/// </summary>
/// <remarks>
/// <para>
/// A block is <c>n</c> qualifying free seats with consecutive positions in one row. Blocks are
/// compared by, in order: how many single free seats they would strand (a free seat whose neighbours
/// on both sides are taken, a gap or the row's end: 0, 1 or 2); the sum of their ranks (the same
/// order as the mean, since every candidate block has <c>n</c> seats); then the row that comes first
/// in the map, and the lowest position. The orphan count comes first, as in seats.io: a block that
/// strands nobody beats a better-ranked one that does.
/// </para>
/// <para>
/// Without a block, a request that may be split takes the best block of the longest run still free
/// (or of what remains, if less), and again, until it has its seats: as few blocks as possible,
/// greedily, each chosen like a whole block.
/// </para>
/// <para>Not thread-safe: the show calls it under its lock, which makes choosing and taking one step.</para>
/// </remarks>
internal sealed class InMemorySeatMap
{
    // Each row's seats in position order; rows in the order they first appear in the map.
    private readonly SeatMapSeat[][] _rows;

    public InMemorySeatMap(IReadOnlyList<SeatMapSeat> seats) =>
        _rows = [.. seats
            .GroupBy(seat => (seat.Section, seat.Row))
            .Select(row => row.OrderBy(seat => seat.Position).ToArray())];

    /// <summary>Chooses the best seats for <paramref name="quantity"/> buyers; takes nothing.</summary>
    /// <param name="quantity">How many seats.</param>
    /// <param name="options">Together or not, and the filters.</param>
    /// <param name="isFree">Whether a seat is free right now.</param>
    public SeatChoice Choose(int quantity, BestAvailableOptions options, Func<string, bool> isFree)
    {
        var search = new Search(options, isFree);
        if (_rows.Sum(row => row.Count(search.Qualifies)) < quantity)
        {
            return SeatChoice.NotEnoughAvailable;
        }

        if (BestBlock(quantity, search) is { } block)
        {
            return new SeatChoice(AllocationStatus.Allocated, block, Together: true);
        }

        if (options.Together)
        {
            return SeatChoice.NotEnoughTogether;
        }

        var chosen = new List<string>(quantity);
        while (chosen.Count < quantity)
        {
            // Enough qualifying seats are free, so the longest run is at least one seat long.
            var part = BestBlock(Math.Min(quantity - chosen.Count, LongestRun(search)), search)!;
            search.Take(part);
            chosen.AddRange(part);
        }

        return new SeatChoice(AllocationStatus.Allocated, [.. chosen], Together: false);
    }

    private string[]? BestBlock(int size, Search search)
    {
        (SeatMapSeat[] Row, int Start)? best = null;
        (int Orphans, long RankSum) bestScore = (int.MaxValue, long.MaxValue);
        foreach (var row in _rows)
        {
            for (var start = 0; start + size <= row.Length; start++)
            {
                if (!IsBlock(row, start, size, search))
                {
                    continue;
                }

                var score = (Orphans: StrandsASeat(row, start - 1, -1, search) + StrandsASeat(row, start + size, +1, search), RankSum: RankSum(row, start, size));
                // Strictly better only: on a tie the earlier row, then the lower position, stays.
                if (score.CompareTo(bestScore) < 0)
                {
                    (best, bestScore) = ((row, start), score);
                }
            }
        }

        return best is { } found ? [.. found.Row[found.Start..(found.Start + size)].Select(seat => seat.Id)] : null;
    }

    private static bool IsBlock(SeatMapSeat[] row, int start, int size, Search search)
    {
        // Positions are distinct and sorted, so a span of size − 1 means no gap.
        if (row[start + size - 1].Position - row[start].Position != size - 1)
        {
            return false;
        }

        for (var i = start; i < start + size; i++)
        {
            if (!search.Qualifies(row[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether taking the block next to <c>row[index]</c> would strand that seat: it is free, touches
    /// the block, and its other side (further in <paramref name="direction"/>) is taken, a gap or the end.
    /// Any free seat counts, qualifying or not: a stranded seat is hard to sell whatever its category.
    /// </summary>
    private static int StrandsASeat(SeatMapSeat[] row, int index, int direction, Search search)
    {
        var blockSide = index - direction;
        if (index < 0 || index >= row.Length || !Adjacent(row[index], row[blockSide]) || !search.IsFree(row[index]))
        {
            return 0;
        }

        var beyond = index + direction;
        var beyondIsFree = beyond >= 0 && beyond < row.Length && Adjacent(row[beyond], row[index]) && search.IsFree(row[beyond]);
        return beyondIsFree ? 0 : 1;
    }

    private static bool Adjacent(SeatMapSeat a, SeatMapSeat b) => Math.Abs(a.Position - b.Position) == 1;

    private static long RankSum(SeatMapSeat[] row, int start, int size)
    {
        var sum = 0L;
        for (var i = start; i < start + size; i++)
        {
            sum += row[i].Rank!.Value;
        }

        return sum;
    }

    private int LongestRun(Search search)
    {
        var longest = 0;
        foreach (var row in _rows)
        {
            var run = 0;
            for (var i = 0; i < row.Length; i++)
            {
                run = !search.Qualifies(row[i]) ? 0 : i > 0 && run > 0 && Adjacent(row[i - 1], row[i]) ? run + 1 : 1;
                longest = Math.Max(longest, run);
            }
        }

        return longest;
    }

    /// <summary>One request's view of the map: which seats are free (seats it already chose are not) and which qualify.</summary>
    private sealed class Search(BestAvailableOptions options, Func<string, bool> isFree)
    {
        private readonly HashSet<string> _chosen = new(StringComparer.Ordinal);

        public bool IsFree(SeatMapSeat seat) => isFree(seat.Id) && !_chosen.Contains(seat.Id);

        public bool Qualifies(SeatMapSeat seat) =>
            IsFree(seat)
            && (options.Category is null || options.Category == seat.Category)
            && (options.Section is null || options.Section == seat.Section)
            && (!options.Accessible || seat.Accessible);

        public void Take(IEnumerable<string> seatIds) => _chosen.UnionWith(seatIds);
    }
}
