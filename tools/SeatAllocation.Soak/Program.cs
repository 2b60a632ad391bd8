using System.Runtime.InteropServices;
using SeatAllocation.Soak;

// SIGINT and SIGTERM stop the run so that its app processes and servers are stopped too.
using var stop = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

SoakOptions options;
try
{
    options = SoakOptions.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync("soak: " + ex.Message);
    return 2;
}

return await SoakRun.RunAsync(options, stop.Token);
