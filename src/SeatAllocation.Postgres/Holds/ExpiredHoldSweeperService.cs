using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SeatAllocation.Postgres;

/// <summary>Runs <see cref="ExpiredHoldSweeper"/> on a timer for the host's lifetime; a failed sweep is logged and retried next tick.</summary>
internal sealed partial class ExpiredHoldSweeperService(ExpiredHoldSweeper sweeper, TimeSpan interval, TimeProvider timeProvider, ILogger<ExpiredHoldSweeperService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var swept = await sweeper.SweepAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
                if (swept > 0)
                {
                    LogSwept(swept);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Released {Count} expired holds")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping expired holds failed; retrying at the next interval")]
    private partial void LogSweepFailed(Exception exception);
}
