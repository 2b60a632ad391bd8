using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using SeatAllocation.Postgres;
using SeatAllocation.Servers;
using Xunit.Abstractions;
using static SeatAllocation.Postgres.Tests.PostgresFixtures;

namespace SeatAllocation.Postgres.Tests.Schema;

/// <summary>
/// The plans of every statement the library really runs, nested ones inside <c>apply_batch</c>
/// included: the server's <c>auto_explain</c> logs each plan to the client while every strategy goes
/// through a show's whole life. Two promises are checked on those plans:
/// every scan of a SeatAllocation table is restricted by <c>show_id</c> (so the tables can be
/// distributed by show, e.g. on Citus, and every allocation stays on one shard), and none is a
/// sequential scan when the planner is told to avoid them (each finds its rows through an index).
/// </summary>
public sealed class StatementPlanTests(ITestOutputHelper output)
{
    private static readonly string[] Tables = ["shows", "allocations", "seats", "seat_places"];

    public static TheoryData<string> Strategies =>
        [PessimisticAllocationStrategy.StrategyName, OptimisticAllocationStrategy.StrategyName, GroupCommitAllocationStrategy.StrategyName];

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task Every_statement_on_a_show_filters_by_show_id_and_uses_an_index(string strategyName)
    {
        await PostgresTestDatabase.GetAsync();
        var plans = new ConcurrentQueue<JsonElement>();
        await using var dataSource = ExplainingDataSource(await TestPostgres.GetConnectionStringAsync(), plans);
        var strategy = CreateStrategy(strategyName, dataSource);

        await PlayAShowsLifeAsync(strategy, seated: true, limited: false);
        await PlayAShowsLifeAsync(strategy, seated: false, limited: false);
        await PlayAShowsLifeAsync(strategy, seated: true, limited: true);
        await PlayAShowsLifeAsync(strategy, seated: false, limited: true);
        await PlayAMapShowsLifeAsync(strategy);

        var scans = plans.SelectMany(plan => ScansOfTables(plan)).ToList();
        output.WriteLine($"{plans.Count} plans, {scans.Count} scans of SeatAllocation tables");
        Assert.NotEmpty(plans);
        Assert.Contains(plans, plan => QueryText(plan).Contains("apply_batch", StringComparison.Ordinal) || QueryText(plan).Contains("FOR NO KEY UPDATE", StringComparison.Ordinal));
        foreach (var (query, node) in scans)
        {
            var conditions = string.Join(" ", new[] { "Index Cond", "Recheck Cond", "Filter" }.Select(key => node.TryGetProperty(key, out var value) ? value.GetString() : null));
            var where = $"{node.GetProperty("Node Type").GetString()} on {node.GetProperty("Relation Name").GetString()} ({conditions}) in: {query}";
            Assert.True(conditions.Contains("show_id", StringComparison.Ordinal), $"Not restricted by show_id: {where}");
            Assert.False(node.GetProperty("Node Type").GetString() == "Seq Scan", $"Sequential scan: {where}");
        }
    }

    /// <summary>Every operation the contract has, on one show (with a per-user limit or not), plus what the Redis gate and the sweeper read.</summary>
    private static async Task PlayAShowsLifeAsync(IAllocationStrategy strategy, bool seated, bool limited)
    {
        var showId = NewShowId();
        var show = seated ? ShowDefinition.Seated(showId, "S001", "S002", "S003", "S004") : ShowDefinition.GeneralAdmission(showId, 4);
        await strategy.CreateShowAsync(limited ? show.WithMaxSeatsPerUser(3) : show);
        AllocationRequest Request(string requestId, params string[] seats) =>
            seated && seats.Length > 0 ? AllocationRequest.ForSeats(showId, requestId, "ada", seats) : AllocationRequest.ForQuantity(showId, requestId, "ada", Math.Max(1, seats.Length));

        var hold = await strategy.HoldAsync(Request("hold", "S001"), TimeSpan.FromMinutes(5));
        Assert.True((await strategy.HoldAsync(Request("hold", "S001"), TimeSpan.FromMinutes(5))).IsReplay);
        Assert.True((await strategy.ExtendAsync(new AllocationReference(showId, hold.Allocation!.Id, "ada"), TimeSpan.FromMinutes(1))).Succeeded);
        Assert.True((await strategy.ConfirmAsync(new AllocationReference(showId, hold.Allocation!.Id, "ada"))).Succeeded);
        var released = await strategy.HoldAsync(AllocationRequest.ForQuantity(showId, "any", "ada", 1), TimeSpan.FromMinutes(5));
        Assert.Equal(ReleaseStatus.Released, await strategy.ReleaseAsync(new AllocationReference(showId, released.Allocation!.Id, "ada")));
        var booking = await strategy.BookAsync(Request("book", "S002", "S003"));
        Assert.Equal(ReleaseStatus.Released, await strategy.CancelAsync(new AllocationReference(showId, booking.Allocation!.Id, "ada")));
        Assert.False((await strategy.BookAsync(AllocationRequest.ForQuantity(showId, "too-many", "ada", 9))).Succeeded);
        if (limited)
        {
            Assert.Equal(AllocationStatus.PerUserLimitReached, (await strategy.BookAsync(AllocationRequest.ForQuantity(showId, "over", "ada", 3))).Status);
        }

        Assert.NotNull(await strategy.GetAvailabilityAsync(showId));
        Assert.NotNull(await ((IShowCatalog)strategy).GetSeatsAsync(showId));
        Assert.NotNull(await ((IShowSnapshotSource)strategy).GetSnapshotAsync(showId));
        Assert.True((await ((IAllocationVerifier)strategy).VerifyAsync(showId)).IsValid);
    }

    /// <summary>Best-available requests on a seat map: refused together, split, replayed, and a block chosen.</summary>
    private static async Task PlayAMapShowsLifeAsync(IAllocationStrategy strategy)
    {
        var showId = NewShowId();
        // Rows A and B: two seats with an aisle between them; row C: one pair.
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, [.. new[] { "A", "B", "C" }.SelectMany(row => new[] { 1, 3 }.Select(position =>
            new SeatMapSeat($"{row}{position}", "Stalls", row, row == "C" ? (position / 2) + 1 : position) { Category = "standard" }))]));
        var split = AllocationRequest.BestAvailable(showId, "split", "ada", 3, new BestAvailableOptions { Together = false, Category = "standard" });

        Assert.True((await strategy.BookAsync(AllocationRequest.BestAvailable(showId, "pair", "ada", 2))).Allocation!.Together);
        Assert.Equal(AllocationStatus.NotEnoughTogether, (await strategy.BookAsync(AllocationRequest.BestAvailable(showId, "together", "ada", 2))).Status);
        Assert.False((await strategy.HoldAsync(split, TimeSpan.FromMinutes(5))).Allocation!.Together);
        Assert.True((await strategy.HoldAsync(split, TimeSpan.FromMinutes(5))).IsReplay);
        Assert.NotEmpty((await strategy.GetAvailabilityAsync(showId))!.Categories);
        Assert.NotEmpty((await ((IShowCatalog)strategy).GetSeatsAsync(showId))!);
        Assert.NotEmpty((await ((IShowSnapshotSource)strategy).GetSnapshotAsync(showId))!.SeatMap);
        Assert.True((await ((IAllocationVerifier)strategy).VerifyAsync(showId)).IsValid);
    }

    /// <summary>
    /// A pool whose sessions log the plan of every statement, nested ones included, as messages to the
    /// client, with sequential scans discouraged. Needs a superuser (the throwaway test server's is).
    /// </summary>
    private static NpgsqlDataSource ExplainingDataSource(string connectionString, ConcurrentQueue<JsonElement> plans)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.Options = string.Join(" ",
            "-c session_preload_libraries=auto_explain",
            "-c auto_explain.log_min_duration=0",
            "-c auto_explain.log_nested_statements=on",
            "-c auto_explain.log_format=json",
            "-c client_min_messages=log",
            "-c enable_seqscan=off");
        builder.UseLoggerFactory(new NoticeLoggerFactory(message => Collect(message, plans)));
        return builder.Build();
    }

    private static void Collect(string message, ConcurrentQueue<JsonElement> plans)
    {
        var start = message.IndexOf('{', StringComparison.Ordinal);
        if (message.Contains("duration:", StringComparison.Ordinal) && message.Contains("plan:", StringComparison.Ordinal) && start >= 0)
        {
            plans.Enqueue(JsonDocument.Parse(message[start..]).RootElement.Clone());
        }
    }

    private static string QueryText(JsonElement plan) =>
        plan.TryGetProperty("Query Text", out var text) ? text.GetString() ?? "" : "";

    private static IEnumerable<(string Query, JsonElement Node)> ScansOfTables(JsonElement plan)
    {
        var query = QueryText(plan);
        if (query.Contains("pg_catalog", StringComparison.Ordinal) || query.Contains("schema_migrations", StringComparison.Ordinal))
        {
            return []; // Npgsql's type loading and the migrator, not the library's work on shows
        }

        return Nodes(plan.GetProperty("Plan"))
            .Where(node => node.TryGetProperty("Relation Name", out var relation) && Tables.Contains(relation.GetString())
                && node.GetProperty("Node Type").GetString()!.Contains("Scan", StringComparison.Ordinal))
            .Select(node => (query, node));
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement node) =>
        node.TryGetProperty("Plans", out var children) ? [node, .. children.EnumerateArray().SelectMany(Nodes)] : [node];

    /// <summary>Npgsql logs every notice a server sends (at debug level); this hands their text on.</summary>
    private sealed class NoticeLoggerFactory(Action<string> onMessage) : ILoggerFactory, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            onMessage(formatter(state, exception));

        public void Dispose()
        {
        }
    }
}
