using Microsoft.Extensions.Time.Testing;
using SeatAllocation.Benchmarks.Baselines;
using SeatAllocation.Benchmarks.Measurement;
using SeatAllocation.Benchmarks.Race;
using SeatAllocation.Benchmarks.Race.Scenarios;
using SeatAllocation.Benchmarks.Reporting;
using SeatAllocation.Benchmarks.Strategies;

namespace SeatAllocation.Benchmarks.Tests.Reporting;

/// <summary>A small, fixed harness result for the report and chart tests.</summary>
internal static class Sample
{
    /// <summary>A result whose every call took <paramref name="latencyMilliseconds"/> (1 ms unless given) on a fake clock.</summary>
    public static async Task<ScenarioResult> ResultAsync(string scenario, string strategy, int allocated, int rejected, int contended, double seconds, long commands, bool overbooked = false, double latencyMilliseconds = 1, SeatProposalCounts? seatProposals = null)
    {
        using var latencies = new LatencyRecorder();
        var clock = new FakeTimeProvider();
        var recorder = new ClientRecorder(latencies, clock);
        Task<AllocationResult> Answer(AllocationResult result)
        {
            clock.Advance(TimeSpan.FromMilliseconds(latencyMilliseconds));
            return Task.FromResult(result);
        }

        for (var i = 0; i < allocated; i++)
        {
            await recorder.AllocateAsync(() => Answer(AllocationResult.Allocated(new Allocation($"a{i}", "s", "u", AllocationKind.Booking, [], 1, null))));
        }

        for (var i = 0; i < rejected; i++)
        {
            await recorder.AllocateAsync(() => Answer(AllocationResult.NotEnoughAvailable()));
        }

        for (var i = 0; i < contended; i++)
        {
            await recorder.AllocateAsync(() => Answer(AllocationResult.Contended()));
        }

        var measurement = LoadMeasurement.Of([recorder], TimeSpan.FromSeconds(seconds));
        var report = overbooked
            ? new VerificationReport(1, [new InvariantViolation("s", ViolationKind.DoubleBookedSeat, "seat A1 is in x, y")])
            : new VerificationReport(1, []);
        var verdict = Verdict.From([(new ShowCheck("s", 1_000_000, allocated), report, new ShowAvailability("s", false, 1_000_000, 1_000_000 - allocated, 0, allocated))]);
        return new ScenarioResult(scenario, strategy, measurement, commands, null, verdict, seatProposals);
    }

    /// <summary>A server as <see cref="PostgresServerSettings.ReadAsync"/> would read it.</summary>
    public static PostgresServerSettings Server(bool durable) => new(
        "PostgreSQL 15.18",
        "throwaway server",
        durable ? "on" : "off",
        durable ? "on" : "off",
        durable ? "on" : "off",
        "fdatasync",
        "128MB",
        "300",
        "ext4 on /dev/vda (mounted at /)");

    /// <summary>The sample report plus a two-instance best-available rush in which group commit proposed seats: 150 proposed again, 80 of 1,000 decided chosen again.</summary>
    public static async Task<RaceReport> WithSeatProposalsAsync(RaceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rush = await ResultAsync("best-available-rush-2-instances", "group-commit", 980, 20, 0, 1, 60, seatProposals: new SeatProposalCounts(Taken: 900, ProposedAgain: 150, ChosenAgain: 80, Refused: 20));
        return report with { Scenarios = [.. report.Scenarios, new BestAvailableRushScenario(instances: 2)], Results = [.. report.Results, rush] };
    }

    /// <summary>The sample report with a durable rerun of the hot general-admission show: each PostgreSQL strategy a quarter as fast, against halved baselines.</summary>
    public static async Task<RaceReport> WithDurableRerunAsync(RaceReport report, bool overbooked = false)
    {
        ArgumentNullException.ThrowIfNull(report);
        var durable = new RaceRun
        {
            Name = RaceRun.DurableRerunName,
            Server = Server(durable: true),
            Baselines = [.. report.Baselines.Select(b => b with { PerSecond = b.PerSecond / 2 })],
            Scenarios = [new HotGeneralAdmissionScenario()],
            Strategies = [.. report.Strategies.Where(s => s.Name != "in-memory")],
            Results =
            [
                await ResultAsync("hot-show-ga", "pessimistic", 100, 0, 0, 1, 200),
                await ResultAsync("hot-show-ga", "optimistic", 25, 0, 5, 1, 300, overbooked),
            ],
        };
        return report with { Server = Server(durable: false), DurableRerun = durable };
    }

    public static async Task<RaceReport> ReportAsync(string? banner = null, bool overbooked = false)
    {
        var results = new List<ScenarioResult>
        {
            await ResultAsync("hot-show-ga", "in-memory", 1000, 0, 0, 0.01, 0, latencyMilliseconds: 0.002),
            await ResultAsync("hot-show-ga", "pessimistic", 400, 0, 0, 1, 800, latencyMilliseconds: 40),
            await ResultAsync("hot-show-ga", "optimistic", 100, 0, 50, 1, 1200, overbooked, latencyMilliseconds: 250),
            await ResultAsync("sold-out-storm", "pessimistic", 0, 900, 0, 1, 900, latencyMilliseconds: 3),
            await ResultAsync("sold-out-storm", "optimistic", 0, 3000, 0, 1, 3000, latencyMilliseconds: 0.5),
        };
        return new RaceReport
        {
            Banner = banner,
            Settings = RaceSettings.Quick,
            CommandLine = "eng/bench.sh --quick",
            Machine = [new("CPU", "test CPU | with a pipe")],
            Baselines =
            [
                new BaselineResult(PgBench.HotRow, "pgbench, hot row", 64, 1000, "pgbench …"),
                new BaselineResult(PgBench.SelectOne, "pgbench, SELECT 1", 64, 30000, "pgbench …"),
                new BaselineResult(GroupCommitLimit.GeneralAdmission, "pgbench, 64 allocations per statement", 64, 40_000, "pgbench …", GroupCommitLimit.BatchSize),
                new BaselineResult(GroupCommitLimit.NamedSeats, "pgbench, 64 × 2 seats per statement", 64, null, "pgbench failed (exit 2): deadlock", GroupCommitLimit.BatchSize),
                new BaselineResult(RedisBenchmark.Eval, "redis-benchmark", 64, null, "no Redis server"),
            ],
            Scenarios = [new HotGeneralAdmissionScenario(), new SoldOutStormScenario()],
            Strategies = [.. StrategyCatalog.All],
            Results = results,
            Duration = TimeSpan.FromSeconds(75),
            ChartFileName = "report-chart.svg",
        };
    }
}
