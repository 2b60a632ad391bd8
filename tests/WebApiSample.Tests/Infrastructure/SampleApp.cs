using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using SeatAllocation.SampleClient;
using SeatAllocation.Servers;
using SeatAllocation;

namespace WebApiSample.Tests.Infrastructure;

/// <summary>
/// The sample's real <c>Program</c>, configured through its ordinary configuration keys, on a manual
/// clock, with its log captured. In memory (TestServer) by default; on a real Kestrel socket on a free
/// loopback port with <c>useKestrel</c>. In the Development environment unless told otherwise, so
/// its clients get their users' tokens from <c>POST /dev/tokens</c> like a developer does.
/// </summary>
public sealed class SampleApp : WebApplicationFactory<Program>
{
    /// <summary>How long a request through a real socket may take: the races queue a thousand.</summary>
    private static readonly TimeSpan KestrelClientTimeout = TimeSpan.FromMinutes(2);

    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly bool useKestrel;
    private readonly string? environment;
    private readonly Action<IServiceCollection>? configureServices;

    /// <summary>Holds the app's start until the factory waits for it: see <see cref="StartGate"/>.</summary>
    private readonly StartGate startGate = new();

    /// <summary>One client per user and roles, so each user's token is fetched once.</summary>
    private readonly ConcurrentDictionary<string, SeatsClient> users = new(StringComparer.Ordinal);

    /// <summary>On Kestrel, every user's client shares one connection pool, as one browser-less test process would.</summary>
    private readonly Lazy<SocketsHttpHandler> sockets = new(() => new SocketsHttpHandler());

    private readonly Lazy<DevelopmentTokenClient> tokens;

    private SampleApp(IReadOnlyDictionary<string, string?> settings, bool useKestrel, string? environment, Action<IServiceCollection>? configureServices)
    {
        this.settings = settings;
        this.useKestrel = useKestrel;
        this.environment = environment;
        this.configureServices = configureServices;
        tokens = new(() => new DevelopmentTokenClient(CreateHttpClient(handler: null), Address));
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
    /// <param name="strategy">The <c>SeatAllocation:Strategy</c> setting.</param>
    /// <param name="useKestrel">Whether to listen on a real socket.</param>
    /// <param name="configureServices">
    /// Registrations of the test's own, made after the app's: for example
    /// <c>services.AddSeatAllocation().UseStrategy(…)</c> to serve with a strategy of the test's own
    /// instead of the configured one, as a user's app would register it.
    /// </param>
    public static async Task<SampleApp> StartAsync(string strategy, bool useKestrel = false, Action<IServiceCollection>? configureServices = null)
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

            // The organizer creates every show of a test class, and a test's users race in bursts:
            // rate limits are RateLimitTests' subject, not these tests'.
            ["SeatAllocation:RateLimits:TokenLimit"] = "1000000",
            ["SeatAllocation:RateLimits:TokensPerPeriod"] = "1000000",
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

        return await StartAsync(settings, useKestrel, configureServices: configureServices);
    }

    /// <summary>
    /// Starts the sample with exactly these settings (no others: no test server is added), in
    /// <paramref name="environment"/> (default Development, which reads appsettings.Development.json),
    /// with <paramref name="configureServices"/>'s registrations after the app's.
    /// </summary>
    public static async Task<SampleApp> StartAsync(
        IReadOnlyDictionary<string, string?> settings,
        bool useKestrel = false,
        string? environment = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var app = new SampleApp(settings, useKestrel, environment, configureServices);
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

    /// <summary>Where the app listens: the Kestrel address, or TestServer's <c>http://localhost/</c>.</summary>
    public Uri Address => useKestrel
        ? new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/")
        : Server.BaseAddress;

    /// <summary>The default client: an organizer (user <see cref="SeatsClient.OrganizerId"/>), who may create shows.</summary>
    public SeatsClient CreateSeatsClient() => ClientFor(SeatsClient.OrganizerId, ["organizer"]);

    /// <summary>A client that sends no token.</summary>
    public SeatsClient CreateAnonymousClient() => new(this, CreateHttpClient(handler: null), userId: null);

    /// <summary>The client of <paramref name="userId"/> with <paramref name="roles"/>; the same one every time.</summary>
    public SeatsClient ClientFor(string userId, string[] roles) =>
        users.GetOrAdd(userId + "\n" + string.Join("\n", roles.Order(StringComparer.Ordinal)), _ =>
            new SeatsClient(this, CreateHttpClient(new BearerTokenHandler(tokens.Value, userId, roles)), userId, roles));

    /// <summary>Fetches a user's token now, from <c>POST /dev/tokens</c>, so a race does not include it.</summary>
    public Task<string> TokenForAsync(string userId, string[] roles) => tokens.Value.GetAsync(userId, roles);

    /// <summary>An HTTP client to the app through <paramref name="handler"/> (none: plain requests).</summary>
    public HttpClient CreateHttpClient(DelegatingHandler? handler)
    {
        if (!useKestrel)
        {
            return handler is null ? CreateDefaultClient() : CreateDefaultClient(handler);
        }

        var address = Address;
        if (handler is null)
        {
            return new HttpClient(sockets.Value, disposeHandler: false) { BaseAddress = address, Timeout = KestrelClientTimeout };
        }

        handler.InnerHandler = sockets.Value;
        return new HttpClient(handler, disposeHandler: false) { BaseAddress = address, Timeout = KestrelClientTimeout };
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (sockets.IsValueCreated)
        {
            sockets.Value.Dispose();
        }
    }

    /// <summary>Creates the host as WebApplicationFactory does, opening <see cref="startGate"/> once it is starting.</summary>
    protected override IHost CreateHost(IHostBuilder builder) => base.CreateHost(startGate.OpenOnStart(builder));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (environment is not null)
        {
            builder.UseEnvironment(environment);
        }

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
            configureServices?.Invoke(services);
        });
    }
}
