using Npgsql;
using SeatAllocation.Servers;
using SeatAllocation.Soak.Cluster;
using SeatAllocation.Soak.History;
using StackExchange.Redis;

namespace SeatAllocation.Soak.Nemesis;

/// <summary>
/// Every 2–5 seconds (seeded), one fault of <see cref="FaultKind"/> on the shared servers or an app
/// instance, recorded in the history. A killed instance is started again a little later.
/// </summary>
public sealed class FaultInjector(
    ThrowawayPostgres postgres,
    ThrowawayRedis redis,
    IReadOnlyList<AppInstance> instances,
    HttpClient http,
    HistoryRecorder history,
    int seed)
{
    private static readonly FaultKind[] Weighted =
    [
        FaultKind.TerminateBackends, FaultKind.TerminateBackends, FaultKind.TerminateBackends,
        FaultKind.RestartPostgres,
        FaultKind.FlushRedis, FaultKind.FlushRedis,
        FaultKind.RestartRedis,
        FaultKind.PauseRedis, FaultKind.PauseRedis,
        FaultKind.KillApp, FaultKind.KillApp, FaultKind.KillApp,
    ];

    private readonly Random random = new(seed);
    private readonly List<Task> restarts = [];

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(random.Next(2000, 5000), stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var kind = Weighted[random.Next(Weighted.Length)];
            var target = kind == FaultKind.KillApp ? instances[random.Next(instances.Count)] : null;
            string? error = null;
            try
            {
                await InjectAsync(kind, target).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A fault that fails to inject is recorded, not fatal.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                error = ex.GetType().Name + ": " + ex.Message;
            }

            history.Fault(new FaultEvent(DateTimeOffset.UtcNow, kind.ToString(), target?.ToString() ?? (kind is FaultKind.TerminateBackends or FaultKind.RestartPostgres ? "postgres" : "redis"), error));
        }

        await Task.WhenAll(restarts).ConfigureAwait(false);
    }

    /// <summary>Starts every instance that is not running (after the faults stop).</summary>
    public async Task HealAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(restarts).ConfigureAwait(false);
        foreach (var instance in instances.Where(i => !i.IsRunning))
        {
            await StartWithRetriesAsync(instance, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task InjectAsync(FaultKind kind, AppInstance? target)
    {
        switch (kind)
        {
            case FaultKind.TerminateBackends:
                await using (var connection = new NpgsqlConnection(postgres.ConnectionString + ";Pooling=false"))
                {
                    await connection.OpenAsync().ConfigureAwait(false);
                    await using var command = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname LIKE 'soak\\_%' AND pid <> pg_backend_pid()", connection);
                    await command.ExecuteScalarAsync().ConfigureAwait(false);
                }

                break;
            case FaultKind.RestartPostgres:
                await postgres.RestartAsync().ConfigureAwait(false);
                break;
            case FaultKind.FlushRedis:
                await RedisCommandAsync("FLUSHALL").ConfigureAwait(false);
                break;
            case FaultKind.RestartRedis:
                await redis.RestartAsync().ConfigureAwait(false);
                break;
            case FaultKind.PauseRedis:
                await RedisCommandAsync("CLIENT", "PAUSE", "1500").ConfigureAwait(false);
                break;
            case FaultKind.KillApp:
                await target!.KillAsync().ConfigureAwait(false);
                var delay = random.Next(500, 3000);
                lock (restarts)
                {
                    restarts.Add(Task.Run(async () =>
                    {
                        await Task.Delay(delay).ConfigureAwait(false);
                        await StartWithRetriesAsync(target, CancellationToken.None).ConfigureAwait(false);
                    }));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown fault.");
        }
    }

    private async Task StartWithRetriesAsync(AppInstance instance, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await instance.StartAsync(http, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (attempt < 10 && ex is InvalidOperationException or TimeoutException)
            {
                // Started while PostgreSQL or Redis was down: the app fails its start check; try again.
                await instance.KillAsync().ConfigureAwait(false);
                await Task.Delay(1000, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RedisCommandAsync(string command, params string[] arguments)
    {
        var options = ConfigurationOptions.Parse(redis.Configuration);
        options.AllowAdmin = true;
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 2000;
        using var connection = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        var server = connection.GetServer(options.EndPoints[0]);
        await server.ExecuteAsync(command, [.. arguments.Cast<object>()]).ConfigureAwait(false);
    }
}
