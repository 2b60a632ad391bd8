namespace SeatAllocation.Benchmarks.Reporting;

/// <summary>
/// The shape of the machine-readable results file written next to the markdown report
/// (<c>report.md</c> → <c>report.json</c>): the same run, every number unrounded, camelCase names.
/// Rates are per second, latencies in milliseconds, ratios plain numbers (0.42, not "0.42×");
/// a measurement that is missing (a failed baseline, no Redis counter) is <c>null</c>.
/// </summary>
internal sealed record ResultsDocument(
    int SchemaVersion,
    string CommandLine,
    string Mode,
    string? Banner,
    double DurationSeconds,
    IReadOnlyDictionary<string, string> Machine,
    ResultsDocument.RunSettings Settings,
    IReadOnlyList<ResultsDocument.Run> Runs,
    string? DurableRerunNote)
{
    /// <summary>Bumped when a field changes meaning or goes away (adding one does not).</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>The scenario sizes and durations (<see cref="Race.RaceSettings"/>).</summary>
    public sealed record RunSettings(
        double DurationSeconds,
        long MaxIterations,
        int Clients,
        int RushClients,
        int RushSeats,
        int RushRounds,
        int ReservedSeats,
        int GeneralAdmissionCapacity,
        int SoldOutCapacity,
        int ChurnSeats,
        double HoldDurationSeconds,
        int PoolSize,
        double BaselineDurationSeconds,
        int RedisBenchmarkRequests,
        IReadOnlyList<string> DurableRerun);

    /// <summary>One server's baselines and rows: <c>main</c>, or <c>durable-rerun</c>.</summary>
    public sealed record Run(string Name, Server? Server, IReadOnlyList<Baseline> Baselines, IReadOnlyList<Row> Results);

    /// <summary>The PostgreSQL server as it reported itself.</summary>
    public sealed record Server(
        string Version,
        string Source,
        bool Durable,
        string Fsync,
        string SynchronousCommit,
        string FullPageWrites,
        string WalSyncMethod,
        string SharedBuffers,
        string MaxConnections,
        string? Storage);

    /// <summary>
    /// One baseline: <c>perSecond</c> is what ratios divide by (allocations/s for a group-commit
    /// limit), <c>toolRate</c> what the tool reported (transactions or requests per second).
    /// </summary>
    public sealed record Baseline(string Name, string Tool, int Clients, double? PerSecond, double? ToolRate, int AllocationsPerTransaction, string Note);

    /// <summary>One scenario × strategy.</summary>
    public sealed record Row(
        string Scenario,
        string ScenarioTitle,
        string Strategy,
        long Requests,
        long AllocationAttempts,
        long Allocations,
        long Rejected,
        long Contended,
        long Errors,
        double ElapsedSeconds,
        double RequestsPerSecond,
        double AllocationsPerSecond,
        Latency LatencyMs,
        long DatabaseRoundTrips,
        double DatabaseRoundTripsPerRequest,
        long? RedisCalls,
        double? RedisCallsPerRequest,
        Ratios Ratios,
        Verifier Verifier,
        IReadOnlyList<string> ErrorSamples,
        SeatProposals? SeatProposals = null);

    /// <summary>Per-call latency percentiles in milliseconds (HdrHistogram, 3 significant digits: ≤ 0.1 % error).</summary>
    public sealed record Latency(double P50, double P95, double P99, double Max, double Mean);

    /// <summary>
    /// Requests/s divided by the scenario's classic pgbench baseline, by its group-commit limit
    /// (a fraction: 0.011 is 1.1 %), and by the Redis EVAL rate; null when that baseline is missing.
    /// </summary>
    public sealed record Ratios(string? Baseline, double? ToBaseline, string? Limit, double? ToLimit, double? ToRedisEval);

    /// <summary>
    /// Best-available requests whose seats a PostgreSQL strategy proposed, by what became of the
    /// proposal (<c>seatallocation.postgres.seat_proposals</c>); null when none were proposed.
    /// </summary>
    public sealed record SeatProposals(long Taken, long ProposedAgain, long ChosenAgain, long Refused);

    /// <summary>The verifier's verdict on the scenario's shows.</summary>
    public sealed record Verifier(bool Passed, string Summary, int ShowsChecked, int Overbooked, int OtherViolations, IReadOnlyList<string> Problems);
}
