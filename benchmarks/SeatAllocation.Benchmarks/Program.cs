// SeatAllocation benchmarks: the race harness (`race`, the default) and the BenchmarkDotNet suites
// (`bdn`). eng/bench.sh runs both and writes the report; see HarnessOptions.Usage.
using SeatAllocation.Benchmarks;

if (args.Length > 0 && args[0] == "bdn")
{
    return SeatAllocation.Benchmarks.Suites.SuiteRunner.Run(args[1..]);
}

HarnessOptions options;
try
{
    options = HarnessOptions.Parse(args.Length > 0 && args[0] == "race" ? args[1..] : args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(HarnessOptions.Usage);
    return 2;
}

return await RaceCommand.RunAsync(options);
