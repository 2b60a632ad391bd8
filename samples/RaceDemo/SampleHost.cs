using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using SeatAllocation.Servers;

namespace SeatAllocation.RaceDemo;

/// <summary>
/// The Web API sample — its own <c>Program</c>, pipeline and configuration keys — listening on a free
/// loopback port through Kestrel, in this process so that its database round trips can be counted
/// and its verifier asked.
/// </summary>
internal sealed class SampleHost : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> settings;

    private SampleHost(IReadOnlyDictionary<string, string?> settings)
    {
        this.settings = settings;
        UseKestrel(0);
    }

    /// <summary>The app's PostgreSQL round trips so far.</summary>
    public NpgsqlRoundTripCounter RoundTrips { get; } = new();

    /// <summary>Where the app listens, such as <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Address => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

    /// <summary>The verifier the library registered next to the app's strategy.</summary>
    public IAllocationVerifier Verifier => Services.GetRequiredService<IAllocationVerifier>();

    /// <summary>Starts the sample with these configuration settings (the keys its README documents).</summary>
    public static SampleHost Start(IReadOnlyDictionary<string, string?> settings)
    {
        var host = new SampleHost(settings);
        try
        {
            host.StartServer();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The sample's appsettings.json and appsettings.Development.json are copied next to this
        // program; the factory's own search for a content root depends on the current directory.
        // Development, so that POST /dev/tokens gives the demo's users their tokens (signed with the
        // development key); the demo configures nothing else that differs from Production.
        builder.UseContentRoot(AppContext.BaseDirectory);
        builder.UseEnvironment("Development");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging =>
        {
            // Warnings and errors on the console as usual; Npgsql's per-command events only to the counter.
            logging.ClearProviders();
            logging.AddConsole();
            logging.AddFilter<ConsoleLoggerProvider>(level => level >= LogLevel.Warning);
            logging.AddProvider(RoundTrips);
            logging.AddFilter<NpgsqlRoundTripCounter>("Npgsql", LogLevel.Debug);
        });
    }
}
