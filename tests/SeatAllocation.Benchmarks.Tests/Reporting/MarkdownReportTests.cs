using SeatAllocation.Benchmarks.Reporting;

namespace SeatAllocation.Benchmarks.Tests.Reporting;

public class MarkdownReportTests
{
    [Fact]
    public async Task The_report_names_every_strategy_with_its_ratio_to_the_baseline()
    {
        var markdown = MarkdownReport.Write(await Sample.ReportAsync());

        // 400 requests in 1 s against a 1,000/s hot-row baseline.
        Assert.Contains("| pessimistic | 400 | 400 | 400 | 0 | 0 | 0 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 0.40× |", markdown, StringComparison.Ordinal);
        Assert.Contains("| optimistic | 150 |", markdown, StringComparison.Ordinal);
        Assert.Contains("× pgbench hot row", markdown, StringComparison.Ordinal);
        Assert.Contains("× pgbench SELECT 1", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_row_is_also_a_share_of_its_group_commit_limit()
    {
        var markdown = MarkdownReport.Write(await Sample.ReportAsync());

        // 400 requests/s against a GA limit of 40,000 allocations/s (625 statements/s × 64).
        Assert.Contains("| × pgbench hot row | % of GA group-commit limit | × Redis EVAL | verifier |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 0.40× | 1.0 % | – | overbooked: 0 ✔ |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 40,000 allocations (625 statements × 64) |", markdown, StringComparison.Ordinal);
        Assert.Contains("pessimistic 400/s (0.40×, 1.0 %), p99", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, 40_000.0, "1.0 %")]
    [InlineData(313, 35_000.0, "0.89 %")]
    [InlineData(14_000, 35_000.0, "40 %")]
    [InlineData(400, null, "–")]
    public void Shares_of_a_limit_are_formatted_for_reading(double value, double? limit, string expected) =>
        Assert.Equal(expected, MarkdownReport.Share(value, limit));

    [Fact]
    public async Task A_missing_baseline_shows_a_dash_not_a_number()
    {
        var markdown = MarkdownReport.Write(await Sample.ReportAsync());

        Assert.Contains("| no Redis server |", markdown, StringComparison.Ordinal);
        Assert.Contains("| – | overbooked: 0 ✔ |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_verdict_is_shown_for_every_row_and_a_failure_is_headlined()
    {
        var markdown = MarkdownReport.Write(await Sample.ReportAsync(overbooked: true));

        Assert.Contains("overbooked: 0 ✔", markdown, StringComparison.Ordinal);
        Assert.Contains("overbooked: 1 ✘", markdown, StringComparison.Ordinal);
        Assert.Contains("**VERIFIER FAILED** in 1 of 5 runs", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seat_proposals_chosen_again_are_counted_under_the_table_of_a_strategy_that_proposed()
    {
        var markdown = MarkdownReport.Write(await Sample.WithSeatProposalsAsync(await Sample.ReportAsync()));

        Assert.Contains("### Best-available rush, 2 instances", markdown, StringComparison.Ordinal);
        Assert.Contains("- group-commit: seat proposals (`seatallocation.postgres.seat_proposals`): taken 900, proposed again under the show's lock 150, chosen again 80 (8.0 % of requests decided), refused 20.", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("- in-memory: seat proposals", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clean_run_headlines_overbooked_zero()
    {
        var markdown = MarkdownReport.Write(await Sample.ReportAsync());

        Assert.Contains("**Overbooked: 0** in all 5 scenario × strategy runs", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_banner_machine_chart_and_guidance_are_there()
    {
        var markdown = MarkdownReport.Write(await Sample.ReportAsync(banner: "Pipeline check"));

        Assert.Contains("> **Pipeline check**", markdown, StringComparison.Ordinal);
        Assert.Contains("| CPU | test CPU \\| with a pipe |", markdown, StringComparison.Ordinal);
        Assert.Contains("![Throughput and p99 latency per strategy and scenario](report-chart.svg)", markdown, StringComparison.Ordinal);
        Assert.Contains("The same chart as PNG: [report-chart.png](report-chart.png).", markdown, StringComparison.Ordinal);
        Assert.Contains("## Where each strategy breaks, and which to choose", markdown, StringComparison.Ordinal);
        Assert.Contains("in 1 min 15 s", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_guidance_names_contended_answers_as_a_breaking_point()
    {
        var markdown = MarkdownReport.Write(await Sample.ReportAsync());

        Assert.Contains("33.3 % of requests (50) were answered `Contended`", markdown, StringComparison.Ordinal);
        Assert.Contains("Sold-out storm: optimistic answered most (3,000/s against pessimistic's 900/s, 3.3×)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_report_states_the_server_settings()
    {
        var usual = MarkdownReport.Write((await Sample.ReportAsync()) with { Server = Sample.Server(durable: false) });
        var durable = MarkdownReport.Write((await Sample.ReportAsync()) with { Server = Sample.Server(durable: true) });

        Assert.Contains("The PostgreSQL server ran with test settings, not durable: `fsync=off`, `synchronous_commit=off`, `full_page_writes=off`.", usual, StringComparison.Ordinal);
        Assert.Contains("`--durable` runs on such a server", usual, StringComparison.Ordinal);
        Assert.Contains("The PostgreSQL server was durable: `fsync=on`, `synchronous_commit=on`, `full_page_writes=on`.", durable, StringComparison.Ordinal);
        Assert.Contains("every commit waits until its WAL is flushed to ext4 on /dev/vda (mounted at /)", durable, StringComparison.Ordinal);
        Assert.DoesNotContain("## Durable server", durable, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_durable_rerun_is_compared_with_the_main_run_against_its_own_baselines()
    {
        var markdown = MarkdownReport.Write(await Sample.WithDurableRerunAsync(await Sample.ReportAsync()));

        Assert.Contains("## Durable server: the hot scenarios with every commit flushed", markdown, StringComparison.Ordinal);
        Assert.Contains("in-memory left out: it never touches PostgreSQL", markdown, StringComparison.Ordinal);

        // Baselines side by side: the durable server's hot row is half the main one's.
        Assert.Contains("| pgbench hot row | 1,000 | 500 | 0.50× |", markdown, StringComparison.Ordinal);
        Assert.Contains("| GA group-commit limit | 40,000 allocations (625 statements × 64) | 20,000 allocations (312 statements × 64) | 0.50× |", markdown, StringComparison.Ordinal);

        // pessimistic: 400/s on the main server, 100/s durable; 100/s is 0.20× the durable hot row and 0.50 % of its GA limit.
        Assert.Contains("### Hot show, general admission, durable", markdown, StringComparison.Ordinal);
        Assert.Contains("| pessimistic | 400 | 100 | 0.25× |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 0.20× | 0.50 % | overbooked: 0 ✔ |", markdown, StringComparison.Ordinal);
        Assert.Contains("- **Durable server** (fsync=on, synchronous_commit=on, full_page_writes=on; the hot scenarios again", markdown, StringComparison.Ordinal);
        Assert.Contains("overbooked: 0 in all 2 runs. Hot show, general admission: pessimistic 100/s (0.25× of its main-run rate)", markdown, StringComparison.Ordinal);
        Assert.Contains("the durable rerun above measures by how much", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_durable_rerun_failure_is_headlined()
    {
        var markdown = MarkdownReport.Write(await Sample.WithDurableRerunAsync(await Sample.ReportAsync(), overbooked: true));

        Assert.Contains("**VERIFIER FAILED** in 1 of 2 runs", markdown, StringComparison.Ordinal);
        Assert.Contains("- optimistic: s: DoubleBookedSeat: seat A1 is in x, y", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_durable_rerun_that_did_not_run_says_why()
    {
        var markdown = MarkdownReport.Write((await Sample.ReportAsync()) with { DurableRerunNote = "not run: could not start a durable server: initdb not found" });

        Assert.Contains("The durable rerun was not run: could not start a durable server: initdb not found", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500, 1000.0, "0.50×")]
    [InlineData(25_000, 1000.0, "25×")]
    [InlineData(500, null, "–")]
    [InlineData(500, 0.0, "–")]
    public void Ratios_are_formatted_for_reading(double value, double? baseline, string expected) =>
        Assert.Equal(expected, MarkdownReport.Ratio(value, baseline));

    [Fact]
    public async Task BenchmarkDotNet_tables_follow_with_their_environment_block_once()
    {
        const string Environment = "```\nBenchmarkDotNet v0.14.0, Debian GNU/Linux 12\n```\n";
        var report = await Sample.ReportAsync();
        report = report with
        {
            BenchmarkDotNet =
            [
                new("Hold a seat", Environment + "| Method | Mean | Ratio |\n|--- |---:|---:|\n| RawNpgsql | 600 μs | 1.00 |\n"),
                new("Book a seat", Environment + "| Method | Mean | Ratio |\n|--- |---:|---:|\n| Pessimistic | 900 μs | 1.50 |\n"),
            ],
        };

        var markdown = MarkdownReport.Write(report);

        Assert.Equal(1, markdown.Split("BenchmarkDotNet v0.14.0").Length - 1);
        Assert.Contains("### Hold a seat\n\n| Method | Mean | Ratio |", markdown.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("| Pessimistic | 900 μs | 1.50 |", markdown, StringComparison.Ordinal);
        Assert.True(markdown.IndexOf("### Hold a seat", StringComparison.Ordinal) < markdown.IndexOf("### Book a seat", StringComparison.Ordinal));
    }
}
