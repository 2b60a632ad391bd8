namespace SeatAllocation;

/// <summary>
/// Chooses the best free seats of a show's seat map for a best-available request
/// (<see cref="AllocationRequest.BestAvailable"/>), as every strategy of this library chooses them:
/// <see cref="InMemoryAllocationStrategy"/> with it, the PostgreSQL strategies with it in the
/// application (checked and taken by the database, with a set-based choice of the same rules as the
/// fallback), Redis admission with a port of it. Useful to a strategy of your own, or to preview
/// a choice.
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
/// <para>
/// Choosing takes nothing: it is one step with taking only when the caller makes it so (the in-memory
/// strategy chooses under its show's lock; the database checks that seats chosen in the application
/// are still free when it takes them). Immutable after construction, so one instance may choose for
/// several threads at once; <see cref="Choose"/> reads the map in time proportional to its size.
/// </para>
/// </remarks>
public sealed class BestAvailableChooser
{
    // Each row's seats in position order; rows in the order they first appear in the map.
    private readonly SeatMapSeat[][] _rows;

    // Per row: the sum of the ranks of its first i seats at [i], so a block's sum is one subtraction.
    private readonly long[][] _rankSums;

    /// <summary>Creates a chooser for a seat map.</summary>
    /// <param name="seats">The map, as for <see cref="ShowDefinition.Seated(string, IEnumerable{SeatMapSeat})"/>: seats without a rank get the default rank.</param>
    /// <exception cref="ArgumentException">The map is invalid, as <see cref="ShowDefinition.Seated(string, IEnumerable{SeatMapSeat})"/> would say.</exception>
    public BestAvailableChooser(IEnumerable<SeatMapSeat> seats)
    {
        _rows = [.. SeatMapRules.Validate(seats, nameof(seats))
            .GroupBy(seat => (seat.Section, seat.Row))
            .Select(row => row.OrderBy(seat => seat.Position).ToArray())];
        _rankSums = [.. _rows.Select(row =>
        {
            var sums = new long[row.Length + 1];
            for (var i = 0; i < row.Length; i++)
            {
                sums[i + 1] = sums[i] + row[i].Rank!.Value;
            }

            return sums;
        })];
    }

    /// <summary>Chooses the best seats for <paramref name="quantity"/> buyers; takes nothing.</summary>
    /// <param name="quantity">How many seats, as for a request (see <see cref="AllocationLimits.ThrowIfInvalidCount"/>).</param>
    /// <param name="options">Together or not, and the filters.</param>
    /// <param name="isFree">Whether a seat of the map is free right now; called once for each seat of the map.</param>
    /// <returns>The seats, or why there are none: <see cref="AllocationStatus.Unavailable"/> (fewer qualifying seats are free than asked for) or <see cref="AllocationStatus.NotEnoughTogether"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="quantity"/> is out of range.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="isFree"/> is <see langword="null"/>.</exception>
    public SeatChoice Choose(int quantity, BestAvailableOptions options, Func<string, bool> isFree)
    {
        AllocationLimits.ThrowIfInvalidCount(quantity);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(isFree);
        var search = new Search(_rows, options, isFree);
        if (search.Qualifying < quantity)
        {
            return SeatChoice.NotEnoughAvailable;
        }

        if (BestBlock(quantity, search) is { } block)
        {
            return new SeatChoice(AllocationStatus.Allocated, SeatIds(block, quantity), Together: true);
        }

        if (options.Together)
        {
            return SeatChoice.NotEnoughTogether;
        }

        var chosen = new List<string>(quantity);
        while (chosen.Count < quantity)
        {
            // Enough qualifying seats are free, so the longest run is at least one seat long.
            var size = Math.Min(quantity - chosen.Count, LongestRun(search));
            var part = BestBlock(size, search)!.Value;
            search.Take(part.Row, part.Start, size);
            chosen.AddRange(SeatIds(part, size));
        }

        return new SeatChoice(AllocationStatus.Allocated, [.. chosen], Together: false);
    }

    private string[] SeatIds((int Row, int Start) block, int size) =>
        [.. _rows[block.Row][block.Start..(block.Start + size)].Select(seat => seat.Id)];

    private (int Row, int Start)? BestBlock(int size, Search search)
    {
        (int Row, int Start)? best = null;
        (int Orphans, long RankSum) bestScore = (int.MaxValue, long.MaxValue);
        for (var r = 0; r < _rows.Length; r++)
        {
            var row = _rows[r];
            var run = 0;
            for (var end = 0; end < row.Length; end++)
            {
                // The run of qualifying seats at consecutive positions that ends here.
                run = !search.Qualifies[r][end] ? 0 : run > 0 && Adjacent(row[end - 1], row[end]) ? run + 1 : 1;
                if (run < size)
                {
                    continue;
                }

                var start = end - size + 1;
                var score = (Orphans: StrandsASeat(r, start - 1, -1, search) + StrandsASeat(r, end + 1, +1, search), RankSum: _rankSums[r][end + 1] - _rankSums[r][start]);
                // Strictly better only: on a tie the earlier row, then the lower position, stays.
                if (score.CompareTo(bestScore) < 0)
                {
                    (best, bestScore) = ((r, start), score);
                }
            }
        }

        return best;
    }

    /// <summary>
    /// Whether taking the block next to seat <paramref name="index"/> of row <paramref name="r"/> would
    /// strand that seat: it is free, touches the block, and its other side (further in
    /// <paramref name="direction"/>) is taken, a gap or the end. Any free seat counts, qualifying or
    /// not: a stranded seat is hard to sell whatever its category.
    /// </summary>
    private int StrandsASeat(int r, int index, int direction, Search search)
    {
        var row = _rows[r];
        var blockSide = index - direction;
        if (index < 0 || index >= row.Length || !Adjacent(row[index], row[blockSide]) || !search.Free[r][index])
        {
            return 0;
        }

        var beyond = index + direction;
        var beyondIsFree = beyond >= 0 && beyond < row.Length && Adjacent(row[beyond], row[index]) && search.Free[r][beyond];
        return beyondIsFree ? 0 : 1;
    }

    private static bool Adjacent(SeatMapSeat a, SeatMapSeat b) => Math.Abs(a.Position - b.Position) == 1;

    private int LongestRun(Search search)
    {
        var longest = 0;
        for (var r = 0; r < _rows.Length; r++)
        {
            var row = _rows[r];
            var run = 0;
            for (var i = 0; i < row.Length; i++)
            {
                run = !search.Qualifies[r][i] ? 0 : run > 0 && Adjacent(row[i - 1], row[i]) ? run + 1 : 1;
                longest = Math.Max(longest, run);
            }
        }

        return longest;
    }

    /// <summary>
    /// One request's view of the map, read once: which seats are free (seats it already chose are
    /// not) and which qualify (free, and of the category, section and accessibility asked for).
    /// </summary>
    private sealed class Search
    {
        public Search(SeatMapSeat[][] rows, BestAvailableOptions options, Func<string, bool> isFree)
        {
            Free = new bool[rows.Length][];
            Qualifies = new bool[rows.Length][];
            for (var r = 0; r < rows.Length; r++)
            {
                var row = rows[r];
                (Free[r], Qualifies[r]) = (new bool[row.Length], new bool[row.Length]);
                for (var i = 0; i < row.Length; i++)
                {
                    var seat = row[i];
                    Free[r][i] = isFree(seat.Id);
                    Qualifies[r][i] = Free[r][i]
                        && (options.Category is null || options.Category == seat.Category)
                        && (options.Section is null || options.Section == seat.Section)
                        && (!options.Accessible || seat.Accessible);
                    Qualifying += Qualifies[r][i] ? 1 : 0;
                }
            }
        }

        public bool[][] Free { get; }

        public bool[][] Qualifies { get; }

        public int Qualifying { get; }

        public void Take(int r, int start, int size)
        {
            Array.Fill(Free[r], false, start, size);
            Array.Fill(Qualifies[r], false, start, size);
        }
    }
}
