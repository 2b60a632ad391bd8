using Npgsql;
using SeatAllocation.Soak.Checking;
using SeatAllocation.Soak.Cluster;
using SeatAllocation.Soak.History;

namespace SeatAllocation.Soak.Workload;

/// <summary>What the soak does after the faults stop: resolve, sell out, read everywhere.</summary>
public static class QuietPhase
{
    /// <summary>The user who buys every seat left at the end.</summary>
    public const string SellOutUserId = "sellout";

    private const int MaxAttempts = 10;

    /// <summary>Replays every ambiguous mutation (no answer, or a 5xx) with the same key and body until it gets a definite answer, or gives up after 10 tries.</summary>
    public static async Task ResolveAmbiguousAsync(IReadOnlyList<StrategyCluster> clusters, SoakHttp http, CancellationToken cancellationToken)
    {
        var ambiguous = http.History.Operations.Where(o => o.IsMutation && o.IsAmbiguous).ToList();
        SoakRun.Say($"resolving {ambiguous.Count} ambiguous requests by replay");

        // Requests with one key (or one target) are replayed one after another, so each answer is
        // about the state its predecessor left.
        var groups = ambiguous.GroupBy(o => (o.Strategy, o.ShowId, o.Key, o.TargetId, o.Kind));
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (group, ct) =>
        {
            var cluster = clusters.Single(c => c.Name == group.Key.Strategy);
            foreach (var op in group)
            {
                for (var attempt = 0; attempt < MaxAttempts; attempt++)
                {
                    var replay = op with { Purpose = OperationPurpose.Resolution, OriginalId = op.Id, Status = null, Error = null, AllocationId = null, ResultSeats = null, ResultQuantity = null, Counts = null, CompletedAt = null };
                    var done = await http.SendAsync(replay, cluster.Instances[attempt % cluster.Instances.Count], ct).ConfigureAwait(false);
                    if (!done.IsAmbiguous)
                    {
                        break;
                    }

                    await Task.Delay(500, ct).ConfigureAwait(false);
                }
            }
        }).ConfigureAwait(false);
    }

    /// <summary>Books, through each strategy's instances in turn, every seat and unit the database says is free.</summary>
    public static async Task SellOutAsync(string adminConnectionString, IReadOnlyList<StrategyCluster> clusters, SoakHttp http, CancellationToken cancellationToken)
    {
        var database = await DatabaseReader.ReadAsync(adminConnectionString, clusters, cancellationToken).ConfigureAwait(false);
        var requests = 0;
        foreach (var cluster in clusters)
        {
            foreach (var show in cluster.Shows)
            {
                var live = database.Allocations.Where(a => a.Strategy == cluster.Name && a.ShowId == show.ShowId && a.IsLiveAt(database.Now)).ToList();
                var batches = show.Seats is { } seats
                    ? seats.Except(live.SelectMany(a => a.SeatIds)).Chunk(4).Select(c => new Operation { Seats = c })
                    : Enumerable.Range(0, show.Capacity - live.Sum(a => a.Quantity)).Chunk(4).Select(c => new Operation { Quantity = c.Length });
                foreach (var batch in batches)
                {
                    var op = batch with { Kind = OperationKind.Book, Purpose = OperationPurpose.SellOut, ShowId = show.ShowId, UserId = SellOutUserId, Key = $"sellout-{show.ShowId}-{requests}" };
                    await http.SendAsync(op, cluster.Instances[requests++ % cluster.Instances.Count], cancellationToken).ConfigureAwait(false);
                }
            }
        }

        SoakRun.Say($"sell-out: {requests} bookings of free seats");
    }

    /// <summary>Reads every show's availability through every instance.</summary>
    public static async Task ReadEverywhereAsync(IReadOnlyList<StrategyCluster> clusters, SoakHttp http, CancellationToken cancellationToken)
    {
        foreach (var cluster in clusters)
        {
            foreach (var instance in cluster.Instances)
            {
                foreach (var show in cluster.Shows)
                {
                    await http.SendAsync(new Operation { Kind = OperationKind.Availability, Purpose = OperationPurpose.FinalRead, ShowId = show.ShowId }, instance, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
