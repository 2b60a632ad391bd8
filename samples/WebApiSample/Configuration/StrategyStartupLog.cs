using SeatAllocation;

namespace WebApiSample.Configuration;

/// <summary>Says at start which strategy serves requests, so nobody runs the in-memory default by accident.</summary>
internal sealed partial class StrategyStartupLog(StrategyChoice choice, IAllocationStrategy strategy, ILogger<StrategyStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (choice.IsDefault)
        {
            LogDefaultStrategy(logger, StrategyChoice.ConfigurationKey, strategy.Name);
        }
        else
        {
            LogConfiguredStrategy(logger, strategy.Name, StrategyChoice.ConfigurationKey, choice.Kind);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Key} is not set, so seats are allocated by the {Strategy} strategy: state lives in this process and is lost when it stops. Set it to Pessimistic or Optimistic (with ConnectionStrings:Postgres) to keep it.")]
    private static partial void LogDefaultStrategy(ILogger logger, string key, string strategy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seats are allocated by the {Strategy} strategy ({Key} = {Kind}).")]
    private static partial void LogConfiguredStrategy(ILogger logger, string strategy, string key, AllocationStrategyKind kind);
}
