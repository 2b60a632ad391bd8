using System.Globalization;
using SeatAllocation.Soak.Cluster;
using SeatAllocation.Soak.History;

namespace SeatAllocation.Soak.Workload;

/// <summary>
/// One seeded client of the random mix on one strategy: holds, bookings, confirms, releases,
/// cancels, replays, reused keys and reads, on named seats, "any N" and general admission. Its
/// choices depend only on its seed and the answers it gets.
/// </summary>
public sealed class WorkloadClient(int number, StrategyCluster cluster, SoakHttp http, int seed)
{
    private readonly Random random = new(seed);
    private readonly List<Operation> holds = [];
    private readonly List<Operation> bookings = [];
    private readonly List<Operation> sent = [];
    private readonly string user = UserId(number);
    private int keys;

    /// <summary>The user of client number <paramref name="number"/>.</summary>
    public static string UserId(int number) => "u" + number.ToString(CultureInfo.InvariantCulture);

    public async Task RunAsync(Func<bool> keepGoing, CancellationToken cancellationToken)
    {
        while (keepGoing() && !cancellationToken.IsCancellationRequested)
        {
            var next = Next();
            var instance = cluster.Instances[random.Next(cluster.Instances.Count)];
            var done = await http.SendAsync(next, instance, cancellationToken).ConfigureAwait(false);
            Remember(done);
            if (done.Status is null)
            {
                // The instance is down or unreachable: back off instead of spinning on refused connections.
                await Task.Delay(random.Next(50, 250), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private Operation Next()
    {
        // A client with several bookings cancels one half the time, so the shows keep selling
        // instead of settling into "sold out" for the rest of the run.
        if (bookings.Count >= 4 && random.Next(2) == 0)
        {
            return Act(OperationKind.Cancel, Take(bookings));
        }

        var roll = random.Next(100);
        return roll switch
        {
            < 30 => NewAllocation(OperationKind.Hold),
            < 48 => NewAllocation(OperationKind.Book),
            < 62 when holds.Count > 0 => Act(OperationKind.Confirm, Take(holds)),
            < 70 when holds.Count > 0 => Act(OperationKind.Release, Take(holds)),
            < 78 when bookings.Count > 0 => Act(OperationKind.Cancel, Take(bookings)),
            < 88 when sent.Count > 0 => sent[random.Next(sent.Count)] with { Purpose = OperationPurpose.Replay, OriginalId = null },
            < 93 when sent.Count > 0 => ReuseKey(sent[random.Next(sent.Count)]),
            _ => new Operation { Kind = OperationKind.Availability, Purpose = OperationPurpose.Normal, ShowId = Pick().ShowId },
        };
    }

    private Operation NewAllocation(OperationKind kind)
    {
        var show = Pick();
        var key = $"{user}-{(keys++).ToString(CultureInfo.InvariantCulture)}-{seed.ToString(CultureInfo.InvariantCulture)}";
        var op = new Operation { Kind = kind, Purpose = OperationPurpose.Normal, ShowId = show.ShowId, Key = key, UserId = user };
        if (show.Seats is { } seats && random.Next(2) == 0)
        {
            return op with { Seats = [.. seats.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).Order(StringComparer.Ordinal)] };
        }

        return op with { Quantity = random.Next(1, show.IsSeated ? 4 : 5) };
    }

    private Operation ReuseKey(Operation earlier)
    {
        // The same key and show with another body of the same shape: other seats, or another quantity.
        var show = cluster.Shows.Single(s => s.ShowId == earlier.ShowId);
        var reused = earlier with { Purpose = OperationPurpose.ReusedKey, OriginalId = null };
        if (earlier.Seats is { } seats)
        {
            var others = show.Seats!.Except(seats).OrderBy(_ => random.Next()).Take(random.Next(1, 4)).Order(StringComparer.Ordinal);
            return reused with { Seats = [.. others] };
        }

        return reused with { Quantity = (earlier.Quantity ?? 0) % 3 + 1 };
    }

    private Operation Act(OperationKind kind, Operation allocation) =>
        new()
        {
            Kind = kind,
            Purpose = OperationPurpose.Normal,
            ShowId = allocation.ShowId,
            UserId = user,
            TargetId = allocation.AllocationId,
            Key = kind == OperationKind.Confirm ? $"{user}-confirm-{allocation.AllocationId}" : null,
        };

    private Operation Take(List<Operation> list)
    {
        var index = random.Next(list.Count);
        var item = list[index];
        list.RemoveAt(index);
        return item;
    }

    private ShowPlan Pick() => cluster.Shows[random.Next(cluster.Shows.Count)];

    private void Remember(Operation done)
    {
        if (done.Kind is OperationKind.Hold or OperationKind.Book && done.Purpose == OperationPurpose.Normal)
        {
            sent.Add(done with { Status = null, AllocationId = null, ResultSeats = null, ResultQuantity = null, Error = null, CompletedAt = null });
            if (sent.Count > 64)
            {
                sent.RemoveAt(0);
            }
        }

        if (done.Status == 201 && done.Purpose == OperationPurpose.Normal)
        {
            (done.Kind == OperationKind.Hold ? holds : done.Kind is OperationKind.Book or OperationKind.Confirm ? bookings : null)?.Add(done);
        }
    }
}
