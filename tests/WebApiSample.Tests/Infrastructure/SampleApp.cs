using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using SeatAllocation.Servers;
using SeatAllocation;

namespace WebApiSample.Tests.Infrastructure;

/// <summary>
/// The sample's real <c>Program</c>, configured through its ordinary configuration keys, on a manual
/// clock, with its log captured. In memory (TestServer) by default; on a real Kestrel socket on a free
/// loopback port with <c>useKestrel</c>.
/// </summary>
public sealed class SampleApp : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> settings;

    /// <summary>Holds the app's start until the factory waits for it: see <see cref="StartGate"/>.</summary>
    private readonly StartGate startGate = new();

    private SampleApp(IReadOnlyDictionary<string, string?> settings, bool useKestrel)
    {
        this.settings = settings;
        if (useKestrel)
        {
            UseKestrel(0);
        }
    }

    /// <summary>
    /// The app's clock: holds expire only when a test moves it. Starts at the real time, in whole
    /// seconds so that expiry times survive PostgreSQL's microsecond precision unchanged.
    /// </summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    /// <summary>Everything the app logged, in order.</summary>
    public ConcurrentQueue<string> Log { get; } = new();

    /// <summary>
    /// Starts the sample on <paramref name="strategy"/> against the shared test servers: PostgreSQL
    /// for the strategies that need it, and Redis for every strategy (its health check).
    /// </summary>
    public static async Task<SampleApp> StartAsync(string strategy, bool useKestrel = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SeatAllocation:Strategy"] = strategy,
            ["ConnectionStrings:Redis"] = await TestRedis.GetConfigurationAsync(),

            // Hundreds of racing requests queue on a few rows: give them time rather than measuring
            // the default timeouts and retry budget (a Contended answer is a 503, not a 409).
            ["SeatAllocation:Postgres:LockTimeout"] = "00:00:30",
            ["SeatAllocation:Optimistic:MaxRetries"] = "30",
            ["SeatAllocation:RequestTimeout"] = "00:00:45",

            // Every test app has its own manual clock but they share one database; a sweeper whose
            // clock was moved forward would expire other apps' holds.
            ["SeatAllocation:Postgres:ExpiredHoldSweepInterval"] = "00:00:00",

            // Tests move the app's clock to expire holds, which no request evicts from the show cache;
            // ShowListingTests turn the cache on.
            ["SeatAllocation:ShowCacheDuration"] = "00:00:00",
        };
        if (strategy != "InMemory")
        {
            // Every app has its own pool, and a test process runs a score of apps against one server
            // (300 connections): small pools, except for the races of a thousand clients.
            settings["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(await TestPostgres.GetConnectionStringAsync())
            {
                MaxPoolSize = useKestrel ? 100 : 20,
            }.ConnectionString;
        }

        return await StartAsync(settings, useKestrel);
    }

    /// <summary>Starts the sample with exactly these settings (no others: no test server is added).</summary>
    public static async Task<SampleApp> StartAsync(IReadOnlyDictionary<string, string?> settings, bool useKestrel = false)
    {
        var app = new SampleApp(settings, useKestrel);
        try
        {
            app.StartServer();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>The strategy the app resolved, as registered by the library.</summary>
    public IAllocationStrategy Strategy => Services.GetRequiredService<IAllocationStrategy>();

    /// <summary>The app's own verifier, as registered by the library next to the strategy.</summary>
    public IAllocationVerifier Verifier => Services.GetRequiredService<IAllocationVerifier>();

    /// <summary>Creates the host as WebApplicationFactory does, opening <see cref="startGate"/> once it is starting.</summary>
    protected override IHost CreateHost(IHostBuilder builder) => base.CreateHost(startGate.OpenOnStart(builder));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(new QueueLoggerProvider(Log));
        });
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            startGate.Hold(services);
        });
    }
}
