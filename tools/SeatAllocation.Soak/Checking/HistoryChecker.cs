using SeatAllocation.Soak.History;

namespace SeatAllocation.Soak.Checking;

/// <summary>
/// Checks a recorded history against the database read at the end, like Jepsen's set and bank
/// checkers: each rule of <see cref="CheckRule"/> is one method, and each finding names the
/// requests that show it.
/// </summary>
public static class HistoryChecker
{
    /// <summary>Runs every rule.</summary>
    /// <param name="operations">Every completed operation of the run.</param>
    /// <param name="database">The database after the run.</param>
    /// <param name="verifierFindings">What the library's verifier reported, one line per violation.</param>
    /// <returns>The violations; empty when the run is clean.</returns>
    public static IReadOnlyList<Violation> Check(IReadOnlyList<Operation> operations, DatabaseSnapshot database, IReadOnlyList<string> verifierFindings)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(verifierFindings);
        var context = new Context(operations, database);
        return
        [
            .. SeatsSoldOnce(context),
            .. WithinCapacity(context),
            .. AcknowledgedStored(context),
            .. ReplaysAgree(context),
            .. AmbiguousResolved(context),
            .. AvailabilityAgrees(context),
            .. SoldOut(context),
            .. No500(context),
            .. verifierFindings.Select(f => new Violation(CheckRule.Verifier, f, [])),
        ];
    }

    private static IEnumerable<Violation> SeatsSoldOnce(Context c)
    {
        foreach (var show in c.LiveByShow)
        {
            foreach (var seat in show.SelectMany(a => a.SeatIds.Select(s => (Seat: s, Allocation: a))).GroupBy(x => x.Seat).Where(g => g.Count() > 1))
            {
                var ids = seat.Select(x => x.Allocation.AllocationId).ToList();
                yield return new Violation(CheckRule.SeatSoldTwice, $"{show.Key}: seat {seat.Key} is in {ids.Count} live allocations ({string.Join(", ", ids)})", c.AcknowledgedBy(show.Key.Strategy, ids));
            }
        }
    }

    private static IEnumerable<Violation> WithinCapacity(Context c)
    {
        foreach (var show in c.Database.Shows)
        {
            var live = c.LiveUnits(show);
            if (live > show.Capacity || show.Allocated > show.Capacity || show.Booked > show.Capacity)
            {
                var ids = c.Live(show).Select(a => a.AllocationId).ToList();
                yield return new Violation(CheckRule.OverCapacity, $"{show.Strategy}/{show.ShowId}: {live} live units, allocated {show.Allocated}, booked {show.Booked}, capacity {show.Capacity}", c.AcknowledgedBy(show.Strategy, ids));
            }
        }
    }

    private static IEnumerable<Violation> AcknowledgedStored(Context c)
    {
        foreach (var op in c.Operations.Where(o => o.Status == 201 && o.Kind is OperationKind.Hold or OperationKind.Book or OperationKind.Confirm))
        {
            var row = c.Find(op.Strategy, op.ShowId, op.AllocationId);
            if (row is null)
            {
                yield return new Violation(CheckRule.AcknowledgedNotStored, $"{op.Strategy}/{op.ShowId}: acknowledged {op.Kind} {op.AllocationId} is not in the database", [op.Id]);
                continue;
            }

            if (op.Kind is not OperationKind.Confirm && row.RequestId != op.Key)
            {
                yield return new Violation(CheckRule.AcknowledgedNotStored, $"{op.Strategy}/{op.ShowId}: {op.AllocationId} is stored under key {row.RequestId}, acknowledged under {op.Key}", [op.Id]);
            }

            if (!SameSeats(row.SeatIds, op.ResultSeats) || row.Quantity != op.ResultQuantity || (op.Seats is { Count: > 0 } asked && !SameSeats(row.SeatIds, asked)))
            {
                yield return new Violation(CheckRule.AcknowledgedNotStored, $"{op.Strategy}/{op.ShowId}: {op.AllocationId} is stored with seats [{string.Join(",", row.SeatIds)}] x{row.Quantity}, acknowledged with [{string.Join(",", op.ResultSeats ?? [])}] x{op.ResultQuantity}", [op.Id]);
            }

            var isBooking = op.Kind is OperationKind.Book or OperationKind.Confirm;
            if (isBooking && row.State != "booked" && !c.CancelAttempted(op.Strategy, op.ShowId, row.AllocationId))
            {
                yield return new Violation(CheckRule.AcknowledgedNotStored, $"{op.Strategy}/{op.ShowId}: acknowledged booking {op.AllocationId} is {row.State}, and nobody cancelled it", [op.Id]);
            }
        }
    }

    private static IEnumerable<Violation> ReplaysAgree(Context c)
    {
        var answered = c.Operations.Where(o => o.Status == 201 && o.Kind is OperationKind.Hold or OperationKind.Book);
        foreach (var key in answered.GroupBy(o => (o.Strategy, o.ShowId, o.Key)))
        {
            if (key.Select(o => Normalize(o.AllocationId)).Distinct().Count() > 1 || key.Select(o => Seats(o.ResultSeats)).Distinct().Count() > 1)
            {
                yield return new Violation(CheckRule.ReplayDisagrees, $"{key.Key.Strategy}/{key.Key.ShowId}: key {key.Key.Key} was answered with {key.Select(o => o.AllocationId).Distinct().Count()} different allocations", [.. key.Select(o => o.Id)]);
            }
            else if (key.Select(o => o.Fingerprint).Distinct().Count() > 1)
            {
                yield return new Violation(CheckRule.ReplayDisagrees, $"{key.Key.Strategy}/{key.Key.ShowId}: key {key.Key.Key} was accepted with different bodies", [.. key.Select(o => o.Id)]);
            }
        }

        foreach (var op in c.Operations.Where(o => o.Status == 201 && o.Kind == OperationKind.Confirm && Normalize(o.AllocationId) != Normalize(o.TargetId)))
        {
            yield return new Violation(CheckRule.ReplayDisagrees, $"{op.Strategy}/{op.ShowId}: confirming hold {op.TargetId} answered booking {op.AllocationId}", [op.Id]);
        }
    }

    private static IEnumerable<Violation> AmbiguousResolved(Context c)
    {
        var resolutions = c.Operations.Where(o => o.Purpose == OperationPurpose.Resolution && o.OriginalId is not null)
            .ToLookup(o => o.OriginalId!.Value);
        foreach (var op in c.Operations.Where(o => o.IsMutation && o.IsAmbiguous && o.Purpose is OperationPurpose.Normal or OperationPurpose.Replay or OperationPurpose.ReusedKey))
        {
            var definite = resolutions[op.Id].FirstOrDefault(r => !r.IsAmbiguous);
            if (definite is null)
            {
                yield return new Violation(CheckRule.AmbiguousUnresolved, $"{op.Strategy}/{op.ShowId}: {op.Kind} answered {op.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? op.Error ?? "nothing"} was never resolved by a replay", [op.Id, .. resolutions[op.Id].Select(r => r.Id)]);
            }
            else if (definite.Status == 409 && op.Kind is OperationKind.Hold or OperationKind.Book && c.ByKey(op.Strategy, op.ShowId, op.Key) is { } stored && stored.CreatedAt < definite.InvokedAt)
            {
                yield return new Violation(CheckRule.AmbiguousUnresolved, $"{op.Strategy}/{op.ShowId}: the replay of key {op.Key} was refused (409), but the database had {stored.AllocationId} ({stored.State}) under it since {stored.CreatedAt:O}", [op.Id, definite.Id]);
            }
        }
    }

    private static IEnumerable<Violation> AvailabilityAgrees(Context c)
    {
        foreach (var op in c.Operations.Where(o => o.Purpose == OperationPurpose.FinalRead))
        {
            var show = c.Database.Shows.FirstOrDefault(s => s.Strategy == op.Strategy && s.ShowId == op.ShowId);
            if (show is null)
            {
                yield return new Violation(CheckRule.AvailabilityDisagrees, $"{op.Strategy}/{op.ShowId}: read, but not in the database", [op.Id]);
                continue;
            }

            var live = c.Live(show).ToList();
            var booked = live.Where(a => a.State == "booked").Sum(a => a.Quantity);
            var held = live.Where(a => a.State == "held").Sum(a => a.Quantity);
            var expected = new ShowCounts(show.Capacity, show.Capacity - booked - held, held, booked);
            if (op.Status != 200 || op.Counts != expected)
            {
                yield return new Violation(CheckRule.AvailabilityDisagrees, $"{op.Strategy}/{op.ShowId} through instance {op.Instance}: answered {op.Status} {op.Counts}, the database says {expected}", [op.Id]);
            }
        }
    }

    private static IEnumerable<Violation> SoldOut(Context c)
    {
        foreach (var op in c.Operations.Where(o => o.Purpose == OperationPurpose.SellOut && o.Status != 201))
        {
            yield return new Violation(CheckRule.SellOutFailed, $"{op.Strategy}/{op.ShowId}: booking free seats [{string.Join(",", op.Seats ?? [])}] x{op.Quantity} through instance {op.Instance} answered {op.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? op.Error}", [op.Id]);
        }

        if (!c.Operations.Any(o => o.Purpose == OperationPurpose.FinalRead))
        {
            yield break;
        }

        foreach (var show in c.Database.Shows.Where(s => c.LiveUnits(s) < s.Capacity))
        {
            yield return new Violation(CheckRule.SellOutFailed, $"{show.Strategy}/{show.ShowId}: {show.Capacity - c.LiveUnits(show)} of {show.Capacity} units still free after the sell-out", []);
        }
    }

    private static IEnumerable<Violation> No500(Context c) =>
        c.Operations.Where(o => o.Status == 500).GroupBy(o => (o.Strategy, o.Kind)).Select(g =>
            new Violation(CheckRule.Answer500, $"{g.Key.Strategy}: {g.Count()} {g.Key.Kind} request(s) answered 500", [.. g.Select(o => o.Id)]));

    private static bool SameSeats(IReadOnlyList<string> a, IReadOnlyList<string>? b) => Seats(a) == Seats(b);

    private static string Seats(IReadOnlyList<string>? seats) => string.Join(',', (seats ?? []).Order(StringComparer.Ordinal));

    internal static string Normalize(string? id) => id?.Trim().Replace("-", "", StringComparison.Ordinal).ToLowerInvariant() ?? "";

    private sealed class Context
    {
        private readonly Dictionary<(string, string, string), AllocationRow> byId;
        private readonly Dictionary<(string, string, string), AllocationRow> byKey;
        private readonly HashSet<(string, string, string)> cancels;
        private readonly ILookup<(string, string), long> acknowledgedBy;

        public Context(IReadOnlyList<Operation> operations, DatabaseSnapshot database)
        {
            Operations = operations;
            Database = database;
            byId = database.Allocations.GroupBy(a => (a.Strategy, a.ShowId, Normalize(a.AllocationId))).ToDictionary(g => g.Key, g => g.First());
            byKey = database.Allocations.GroupBy(a => (a.Strategy, a.ShowId, a.RequestId)).ToDictionary(g => g.Key, g => g.First());
            cancels = operations.Where(o => o.Kind == OperationKind.Cancel).Select(o => (o.Strategy, o.ShowId, Normalize(o.TargetId))).ToHashSet();
            acknowledgedBy = operations.Where(o => o.Status == 201 && o.AllocationId is not null).ToLookup(o => (o.Strategy, Normalize(o.AllocationId)), o => o.Id);
            LiveByShow = database.Allocations.Where(a => a.IsLiveAt(database.Now)).GroupBy(a => (a.Strategy, a.ShowId)).ToList();
        }

        public IReadOnlyList<Operation> Operations { get; }

        public DatabaseSnapshot Database { get; }

        public List<IGrouping<(string Strategy, string ShowId), AllocationRow>> LiveByShow { get; }

        public AllocationRow? Find(string strategy, string showId, string? id) => byId.GetValueOrDefault((strategy, showId, Normalize(id)));

        public AllocationRow? ByKey(string strategy, string showId, string? key) => key is null ? null : byKey.GetValueOrDefault((strategy, showId, key));

        public bool CancelAttempted(string strategy, string showId, string id) => cancels.Contains((strategy, showId, Normalize(id)));

        public IEnumerable<AllocationRow> Live(ShowRow show) =>
            LiveByShow.FirstOrDefault(g => g.Key == (show.Strategy, show.ShowId)) ?? Enumerable.Empty<AllocationRow>();

        public int LiveUnits(ShowRow show) => Live(show).Sum(a => a.Quantity);

        public IReadOnlyList<long> AcknowledgedBy(string strategy, IEnumerable<string> ids) =>
            [.. ids.SelectMany(id => acknowledgedBy[(strategy, Normalize(id))]).Distinct().Order()];
    }
}
