using BenchmarkDotNet.Columns;
using Perfolizer.Horology;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace SeatAllocation.Benchmarks.Suites;

/// <summary>Runs the BenchmarkDotNet suites with a short, in-process job.</summary>
internal static class SuiteRunner
{
    public static int Run(string[] args)
    {
        // In-process: BenchmarkDotNet's default toolchain generates and builds a project per run,
        // which takes minutes on 2 cores and would inherit this repository's warnings-as-errors and
        // central package settings. One launch, few iterations: the per-operation costs are
        // milliseconds against a real database, so a ShortRun-like job resolves them, and --full
        // stays reasonable.
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(2)
            .WithIterationCount(5)
            .WithId("ShortInProcess");
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddExporter(MarkdownExporter.GitHub, CsvExporter.Default)
            .AddLogger(ConsoleLogger.Default)
            .WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(TimeUnit.Microsecond))
            // One summary per suite: a joined summary divides every suite by a single baseline.
            .WithOptions(ConfigOptions.DisableLogFile);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(SuiteRunner).Assembly).Run(args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
