using System.Diagnostics;
using System.Globalization;
using SeatAllocation.Benchmarks.Measurement;
using SeatAllocation.Benchmarks.Strategies;
using SeatAllocation.Servers;

namespace SeatAllocation.Benchmarks.Race;

/// <summary>Plays every scenario against every strategy, one at a time, and verifies each afterwards.</summary>
/// <param name="roundTrips">Counts the round trips on <paramref name="context"/>'s data source.</param>
internal sealed class RaceRunner(StrategyContext context, RaceSettings settings, ProgressLog log, NpgsqlRoundTripCounter roundTrips)
{
    /// <summary>Every scenario, in report order.</summary>
    public static IReadOnlyList<Scenario> AllScenarios { get; } =
    [
        new Scenarios.LastSeatsRushScenario(),
        new Scenarios.HotGeneralAdmissionScenario(),
        new Scenarios.HotGeneralAdmissionScenario(crowd: true),
        new Scenarios.HotReservedSeatingScenario(),
        new Scenarios.SoldOutStormScenario(),
        new Scenarios.HoldChurnScenario(),
        new Scenarios.BestAvailableRushScenario(),
        new Scenarios.BestAvailableRushScenario(instances: 2),
        new Scenarios.LightLoadScenario(),
    ];

    private readonly string runId = Guid.NewGuid().ToString("N")[..8];

    public async Task<IReadOnlyList<ScenarioResult>> RunAsync(IReadOnlyList<Scenario> scenarios, IReadOnlyList<StrategyEntry> strategies)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        ArgumentNullException.ThrowIfNull(strategies);
        await WarmUpAsync(strategies).ConfigureAwait(false);

        var results = new List<ScenarioResult>();
        foreach (var scenario in scenarios)
        {
            foreach (var entry in strategies)
            {
                if (scenario.Instances > 1 && !entry.InstancesShareState)
                {
                    log.Say($"{scenario.Name} · {entry.Name}: skipped, its instances share no state");
                    continue;
                }

                log.Say($"{scenario.Name} · {entry.Name}: starting ({scenario.Clients(settings)} clients{(scenario.Instances > 1 ? string.Create(CultureInfo.InvariantCulture, $" over {scenario.Instances} instances") : string.Empty)})");
                var result = await RunOneAsync(scenario, entry).ConfigureAwait(false);
                log.Say(string.Create(CultureInfo.InvariantCulture,
                    $"{scenario.Name} · {entry.Name}: {result.Measurement.Calls:N0} requests in {result.Measurement.Elapsed.TotalSeconds:0.0} s, {result.RequestsPerSecond:N0}/s, p99 {result.P99Milliseconds:0.0} ms, errors {result.Measurement.Errors}, {result.Verdict.Summary}{(result.SeatProposals is { } p ? $", seat proposals taken {p.Taken:N0}, proposed again {p.ProposedAgain:N0}, chosen again {p.ChosenAgain:N0}, refused {p.Refused:N0}" : string.Empty)}"));
                results.Add(result);
            }
        }

        return results;
    }

    private async Task<ScenarioResult> RunOneAsync(Scenario scenario, StrategyEntry entry)
    {
        var instances = new List<HarnessStrategy>();
        try
        {
            for (var i = 0; i < scenario.Instances; i++)
            {
                instances.Add(await entry.CreateAsync(context, CancellationToken.None).ConfigureAwait(false));
            }

            return await RaceInstancesAsync(scenario, entry, instances).ConfigureAwait(false);
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<ScenarioResult> RaceInstancesAsync(Scenario scenario, StrategyEntry entry, List<HarnessStrategy> instances)
    {
        var strategy = instances[0];
        var showPrefix = $"{scenario.Name}-{entry.Name}-{runId}";
        var started = Stopwatch.StartNew();

        // Counters cover the whole scenario including its show set-up (one command per show), which
        // is negligible next to thousands of requests; the verifier runs after they are read.
        var roundTripsBefore = roundTrips.Count;
        using var redis = new RedisCallCounter();
        using var proposals = new SeatProposalCounter();
        var run = await scenario.RunAsync([.. instances.Select(i => i.Strategy)], settings, showPrefix, done =>
            log.Say(string.Create(CultureInfo.InvariantCulture, $"{scenario.Name} · {entry.Name}: {started.Elapsed.TotalSeconds:0} s, {done:N0} started"))).ConfigureAwait(false);
        var databaseRoundTrips = roundTrips.Count - roundTripsBefore;
        long? redisCalls = redis.HasInstrument ? redis.Calls : null;
        var seatProposals = proposals.Counts;

        var checks = new List<(ShowCheck, VerificationReport, ShowAvailability?)>();
        foreach (var show in run.Shows)
        {
            var report = await strategy.Verifier.VerifyAsync(show.ShowId).ConfigureAwait(false);
            var availability = await strategy.Strategy.GetAvailabilityAsync(show.ShowId).ConfigureAwait(false);
            checks.Add((show, report, availability));
        }

        return new ScenarioResult(scenario.Name, entry.Name, run.Measurement, databaseRoundTrips, redisCalls, Verdict.From(checks), seatProposals);
    }

    /// <summary>
    /// A small rush per strategy first, so JIT compilation and opening pooled connections are not
    /// timed. The general-admission part runs up to 3 s: with 1 s (2,000 requests), perf still found
    /// the runtime's tiered-compilation thread using 13–35 % of the machine through the first 4 s of
    /// hot-show-ga with group commit. Named seats take code paths of their own (seat lists, their
    /// validation, fingerprints and answers), so a smaller reserved-seating show is sold too: without
    /// it, perf found the JIT and the runtime at 55 % of the harness's CPU in the first 2.5 s of
    /// hot-show-reserved with group commit (show creation included), a run that lasts about 2 s.
    /// </summary>
    private async Task WarmUpAsync(IReadOnlyList<StrategyEntry> strategies)
    {
        var warmUp = settings with { RushClients = Math.Min(200, settings.RushClients), RushRounds = 2 };
        foreach (var entry in strategies)
        {
            log.Say($"warm-up · {entry.Name}");
            await using var strategy = await entry.CreateAsync(context, CancellationToken.None).ConfigureAwait(false);
            await new Scenarios.LastSeatsRushScenario().RunAsync(strategy.Strategy, warmUp, $"warm-up-{entry.Name}-{runId}", _ => { }).ConfigureAwait(false);
            await new Scenarios.HotGeneralAdmissionScenario().RunAsync(strategy.Strategy, warmUp with { Duration = TimeSpan.FromSeconds(3), MaxIterations = 30_000 }, $"warm-up-ga-{entry.Name}-{runId}", _ => { }).ConfigureAwait(false);
            await new Scenarios.HotReservedSeatingScenario().RunAsync(strategy.Strategy, warmUp with { Duration = TimeSpan.FromSeconds(2), MaxIterations = 20_000, ReservedSeats = 10_000 }, $"warm-up-reserved-{entry.Name}-{runId}", _ => { }).ConfigureAwait(false);
        }

        await AnalyzeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Gives the planner statistics of tables in use, as autovacuum keeps them on a production server.
    /// On a new database the first plans are made on empty tables; the foreign-key check of a seat's
    /// holder then kept a plan that read every allocation of the show per seat until autovacuum first
    /// analyzed the table, about a minute in: hot-show-reserved ran at 1,720 and 2,292 requests/s on
    /// new databases and 9,199/s on the same database analyzed (group commit, 2-core machine). Schema
    /// migration 7 dropped that key and apply_batch no longer keeps sequential scans, but the
    /// optimistic strategy's prepared look-up by request id still kept one until autovacuum analyzed
    /// the table (README), and the library's other reads are planned like any other. ANALYZE also
    /// makes every pooled connection plan again.
    /// </summary>
    private async Task AnalyzeAsync()
    {
        var schema = context.PostgresOptions.Schema;
        await using var analyze = context.DataSource.CreateCommand($"ANALYZE {schema}.shows, {schema}.allocations, {schema}.seats, {schema}.seat_places");
        await analyze.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
