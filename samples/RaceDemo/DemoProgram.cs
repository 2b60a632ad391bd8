// The seed's headline race through HTTP: many clients rush the last seats of a show served by the
// Web API sample, once per strategy, and the app's verifier checks afterwards that nothing was
// overbooked.
//
//   dotnet run --project samples/RaceDemo -c Release -- [--clients N] [--seats N] [--keep]
//
// PostgreSQL and Redis come from SEATALLOCATION_POSTGRES / SEATALLOCATION_REDIS when set, otherwise
// from throwaway servers started from the local binaries and stopped when the demo exits.
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SeatAllocation.Servers;

namespace SeatAllocation.RaceDemo;

/// <summary>The demo's entry point (not top-level statements: the sample's <c>Program</c> is referenced here).</summary>
internal static class DemoProgram
{
    private const int PoolSize = 100;

    /// <summary>The sample's <c>SeatAllocation:Strategy</c> values and the names the library reports.</summary>
    private static readonly string[] Strategies = ["InMemory", "Pessimistic", "Optimistic", "GroupCommit", "RedisAdmission"];

    public static async Task<int> Main(string[] args)
    {
        if (DemoOptions.Parse(args) is not { } options)
        {
            await Console.Error.WriteLineAsync(DemoOptions.Usage);
            return 2;
        }

        string postgres, redis;
        try
        {
            postgres = new NpgsqlConnectionStringBuilder(await TestPostgres.GetConnectionStringAsync()) { MaxPoolSize = PoolSize }.ConnectionString;
            redis = await TestRedis.GetConfigurationAsync();
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync("The demo needs PostgreSQL and Redis. " + ex.Message);
            return 1;
        }

        var apps = new List<(string Name, SampleHost Host, HttpClient Http)>();
        try
        {
            foreach (var strategy in Strategies)
            {
                var host = SampleHost.Start(new Dictionary<string, string?>
                {
                    ["SeatAllocation:Strategy"] = strategy,
                    ["ConnectionStrings:Postgres"] = strategy == "InMemory" ? null : postgres,
                    ["ConnectionStrings:Redis"] = redis,

                    // A rush queues hundreds of transactions on a few rows; with the default 2 s lock
                    // timeout the end of that queue would be answered 503, which measures the timeout
                    // rather than the strategy.
                    ["SeatAllocation:Postgres:LockTimeout"] = "00:00:30",

                    // And the whole request may wait as long (the sample's default is 10 s).
                    ["SeatAllocation:RequestTimeout"] = "00:00:45",

                    // The early bird buys the show up to its last seats in a burst of requests, and
                    // each client's user books once per race: the demo shows the strategies, not the
                    // per-user rate limit (a burst of 20 by default).
                    ["SeatAllocation:RateLimits:TokenLimit"] = "1000000",
                    ["SeatAllocation:RateLimits:TokensPerPeriod"] = "1000000",
                });
                var http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = host.Address, Timeout = TimeSpan.FromMinutes(2) };
                apps.Add((host.Services.GetRequiredService<IAllocationStrategy>().Name, host, http));
            }

            await PrintHeaderAsync(options, apps);
            var tokens = await RaceTokens.FetchAsync(apps[0].Http, apps[0].Host.Address, options.Clients);
            var failed = await RaceAsync(options, apps, tokens);
            if (options.Keep)
            {
                await KeepServingAsync(apps);
            }

            return failed ? 1 : 0;
        }
        finally
        {
            foreach (var (_, host, http) in apps)
            {
                http.Dispose();
                await host.DisposeAsync();
            }
        }
    }

    private static async Task<bool> RaceAsync(DemoOptions options, List<(string Name, SampleHost Host, HttpClient Http)> apps, RaceTokens tokens)
    {
        var random = new Random(2026);
        var picks = Enumerable.Range(0, options.Clients).Select(_ => $"A{random.Next(1, options.Seats + 1)}").ToArray();
        Scenario[] scenarios =
        [
            new("any-seat", $"{options.Clients} clients, each its own user with a bearer token, book any 1 of the last {options.Seats} seats:  POST /shows/{{id}}/bookings {{\"quantity\":1}}",
                _ => new { quantity = 1 }),
            new("picked-seat", $"{options.Clients} clients each book the one seat they picked at random from the last {options.Seats}:  {{\"seats\":[\"A4\"]}}",
                client => new { seats = new[] { picks[client] } }),
        ];

        // A rush first that is not timed, so JIT compilation, the HTTP connections and the first
        // pooled database connections are not measured below.
        var runId = Guid.NewGuid().ToString("N")[..8];
        foreach (var (name, host, http) in apps)
        {
            await HttpRace.RunAsync(name, host, http, tokens, $"warm-up-{name}-{runId}", options.Seats, options.Clients, scenarios[0].BodyFor);
        }

        var failed = false;
        foreach (var scenario in scenarios)
        {
            Console.WriteLine();
            Console.WriteLine(scenario.Description);
            Console.WriteLine(RaceResult.Header);
            var results = new List<RaceResult>();
            foreach (var (name, host, http) in apps)
            {
                var result = await HttpRace.RunAsync(name, host, http, tokens, $"{scenario.Name}-{name}-{runId}", options.Seats, options.Clients, scenario.BodyFor);
                Console.WriteLine(result.Row);
                results.Add(result);
            }

            foreach (var note in results.SelectMany(r => r.Notes))
            {
                Console.WriteLine("  " + note);
            }

            failed |= results.Any(r => !r.Passed);
        }

        Console.WriteLine();
        Console.WriteLine(failed
            ? "FAILED: a verifier found violations, the store disagrees with the answers, or a client got an error (see the notes above)."
            : "No strategy sold a seat twice or more seats than the show has; every client got an answer.");
        return failed;
    }

    private static async Task PrintHeaderAsync(DemoOptions options, List<(string Name, SampleHost Host, HttpClient Http)> apps)
    {
        var dataSource = await TestPostgres.GetDataSourceAsync();
        await using var version = dataSource.CreateCommand("SHOW server_version");
        var postgresVersion = await version.ExecuteScalarAsync();
        var multiplexer = await TestRedis.GetMultiplexerAsync();
        var redisVersion = multiplexer.GetServer(multiplexer.GetEndPoints()[0]).Version;
        static string Source(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } ? variable : "throwaway server";

        Console.WriteLine(
            $"SeatAllocation HTTP race demo: {options.Clients} clients, the last {options.Seats} seats of a {options.Seats + HttpRace.SoldBeforehand}-seat show, "
            + $"{Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, "
            + $"PostgreSQL {postgresVersion} ({Source(TestPostgres.EnvironmentVariable)}, pool of {PoolSize} connections), "
            + $"Redis {redisVersion} ({Source(TestRedis.EnvironmentVariable)}, used by RedisAdmission)");
        Console.WriteLine("Each strategy is samples/WebApiSample on Kestrel: "
            + string.Join(", ", apps.Select(a => $"{a.Name} at {a.Host.Address.ToString().TrimEnd('/')}"))
            + ". Every client is one HTTP request with its own Idempotency-Key; 201 = booked, 409 = rejected, 503 = contended (not retried).");
    }

    private static async Task KeepServingAsync(List<(string Name, SampleHost Host, HttpClient Http)> apps)
    {
        Console.WriteLine();
        Console.WriteLine("--keep: the APIs stay up until Ctrl+C (or SIGTERM); then they and the throwaway servers stop.");
        foreach (var (name, host, _) in apps)
        {
            var url = host.Address.ToString().TrimEnd('/');
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-15} {url}   OpenAPI: {url}/openapi/v1.json   health: {url}/health"));
        }

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        await stop.Task;
        Console.WriteLine("Stopping.");
    }
}
