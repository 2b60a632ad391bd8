namespace SeatAllocation.Benchmarks.Race;

/// <summary>How big and how long the race scenarios are; <see cref="Quick"/> and <see cref="Full"/> are the two presets.</summary>
internal sealed record RaceSettings
{
    /// <summary>The scenarios where every request contends for the same rows: the ones a durable commit slows most.</summary>
    /// <remarks>Declared before the presets, which use it: static properties initialize in order.</remarks>
    public static IReadOnlyList<string> HotScenarios { get; } = ["last-seats-rush", "hot-show-ga", "hot-show-ga-crowd", "hot-show-reserved"];

    /// <summary>Short runs that finish well inside ten minutes on 2 cores.</summary>
    public static RaceSettings Quick { get; } = new() { Mode = "quick", Duration = TimeSpan.FromSeconds(10), RushRounds = 3, MaxIterations = 200_000, BaselineDuration = TimeSpan.FromSeconds(8) };

    /// <summary>The published report's settings.</summary>
    public static RaceSettings Full { get; } = new()
    {
        Mode = "full",
        Duration = TimeSpan.FromSeconds(30),
        RushRounds = 10,
        MaxIterations = 300_000,
        BaselineDuration = TimeSpan.FromSeconds(20),
        DurableRerun = HotScenarios,
    };

    public string Mode { get; init; } = "quick";

    /// <summary>How long each closed-loop scenario runs per strategy.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>At most this many client iterations per closed-loop run (keeps in-memory from selling out).</summary>
    public long MaxIterations { get; init; }

    /// <summary>Concurrent clients of the closed-loop scenarios (and of pgbench and redis-benchmark).</summary>
    public int Clients { get; init; } = 64;

    /// <summary>Clients of the crowd scenario (more buyers than the pool has connections; the baselines keep <see cref="Clients"/>).</summary>
    public int CrowdClients { get; init; } = 512;

    /// <summary>Clients of the last-seats rush.</summary>
    public int RushClients { get; init; } = 1000;

    /// <summary>Seats of the last-seats rush.</summary>
    public int RushSeats { get; init; } = 10;

    /// <summary>How many rushes, each on a fresh show, per strategy.</summary>
    public int RushRounds { get; init; }

    /// <summary>Seats of the reserved-seating hot show.</summary>
    public int ReservedSeats { get; init; } = 50_000;

    /// <summary>Capacity of the general-admission hot show: large enough not to sell out.</summary>
    public int GeneralAdmissionCapacity { get; init; } = 1_000_000;

    /// <summary>Capacity of the sold-out show (all booked before the storm).</summary>
    public int SoldOutCapacity { get; init; } = 100;

    /// <summary>Seats of the hold-churn show.</summary>
    public int ChurnSeats { get; init; } = 20_000;

    /// <summary>How long a churn hold lives; the abandoned ones expire during the run.</summary>
    public TimeSpan HoldDuration { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Connections in the harness's Npgsql pool.</summary>
    public int PoolSize { get; init; } = 100;

    /// <summary>How long each pgbench script runs.</summary>
    public TimeSpan BaselineDuration { get; init; }

    /// <summary>
    /// Scenarios run a second time, with their own baselines, on a durable server (fsync and
    /// synchronous_commit on) after the main run, for the report's comparison; empty for none.
    /// </summary>
    public IReadOnlyList<string> DurableRerun { get; init; } = [];

    /// <summary>Requests redis-benchmark sends.</summary>
    public int RedisBenchmarkRequests => Mode == "full" ? 500_000 : 100_000;
}
