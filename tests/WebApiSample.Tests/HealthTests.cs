using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SeatAllocation.Postgres;
using SeatAllocation.Servers;
using WebApiSample.Tests.Infrastructure;

namespace WebApiSample.Tests;

/// <summary>
/// The probes an orchestrator asks: <c>/health/live</c> answers 200 while the process runs, whatever
/// its servers do; <c>/health/ready</c> (and its alias <c>/health</c>) answers 503 until PostgreSQL,
/// Redis and the migrated schema are all there.
/// </summary>
public sealed class HealthTests(SampleApps apps) : IClassFixture<SampleApps>
{
    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public async Task Every_probe_answers_200_when_every_configured_server_answers(string strategy)
    {
        var http = (await apps.GetAsync(strategy)).CreateClient();

        var live = await ProbeAsync(http, "/health/live");
        var ready = await ProbeAsync(http, "/health/ready");
        var alias = await ProbeAsync(http, "/health");

        Assert.Equal((HttpStatusCode.OK, "Healthy"), (live.Status, live.Overall));
        Assert.Empty(live.Checks);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (ready.Status, ready.Overall));
        var expected = strategy == "InMemory"
            ? new Dictionary<string, string> { ["redis"] = "Healthy" }
            : new Dictionary<string, string> { ["postgres"] = "Healthy", ["redis"] = "Healthy", ["schema"] = "Healthy" };
        Assert.Equal(expected, ready.Checks);
        Assert.Equal(ready.Status, alias.Status);
        Assert.Equal(ready.Checks, alias.Checks);
    }

    [Fact]
    public async Task Ready_answers_503_and_live_200_while_the_database_is_unreachable()
    {
        // The app reaches PostgreSQL through a proxy: disposing it refuses new connections and cuts
        // the pooled ones, as a database host that went away does.
        var (proxy, connectionString) = await ReplyDroppingProxy.StartAsync(await TestPostgres.GetConnectionStringAsync());
        await using var app = await SampleApp.StartAsync(new Dictionary<string, string?>
        {
            ["SeatAllocation:Strategy"] = "Pessimistic",
            ["ConnectionStrings:Postgres"] = connectionString,
            ["ConnectionStrings:Redis"] = await TestRedis.GetConfigurationAsync(),
        });
        var http = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await ProbeAsync(http, "/health/ready")).Status);

        await proxy.DisposeAsync();
        var ready = await ProbeAsync(http, "/health/ready");
        var alias = await ProbeAsync(http, "/health");
        var live = await ProbeAsync(http, "/health/live");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), (ready.Status, ready.Overall));
        Assert.Equal("Unhealthy", ready.Checks["postgres"]);
        Assert.Equal("Healthy", ready.Checks["redis"]);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), (alias.Status, alias.Overall));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (live.Status, live.Overall));
    }

    [Fact]
    public async Task Ready_answers_503_until_the_schema_is_migrated_and_200_after()
    {
        // A deployment whose migrations run as a separate job: the app starts on an empty schema.
        var schema = $"unmigrated_{Guid.NewGuid():N}";
        await using var app = await SampleApp.StartAsync(new Dictionary<string, string?>
        {
            ["SeatAllocation:Strategy"] = "Optimistic",
            ["ConnectionStrings:Postgres"] = await TestPostgres.GetConnectionStringAsync(),
            ["ConnectionStrings:Redis"] = await TestRedis.GetConfigurationAsync(),
            ["SeatAllocation:Postgres:Schema"] = schema,
            ["SeatAllocation:Postgres:MigrateSchemaOnStart"] = "false",
            ["SeatAllocation:Postgres:ExpiredHoldSweepInterval"] = "00:00:00",
        });
        var http = app.CreateClient();

        var before = await ProbeAsync(http, "/health/ready");
        var aliasBefore = await ProbeAsync(http, "/health");
        var live = await ProbeAsync(http, "/health/live");
        await PostgresSchemaMigrator.MigrateAsync(await TestPostgres.GetDataSourceAsync(), schema);
        var after = await ProbeAsync(http, "/health/ready");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), (before.Status, before.Overall));
        Assert.Equal(
            new Dictionary<string, string> { ["postgres"] = "Healthy", ["redis"] = "Healthy", ["schema"] = "Unhealthy" },
            before.Checks);
        Assert.Contains($"this app needs version {PostgresSchemaMigrator.LatestVersion}", before.Descriptions["schema"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, aliasBefore.Status);
        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (after.Status, after.Overall));
    }

    [Fact]
    public async Task Ready_answers_503_and_live_200_when_redis_stops_answering()
    {
        await using var redis = await TestRedis.StartDedicatedAsync();
        await using var app = await SampleApp.StartAsync(new Dictionary<string, string?>
        {
            ["SeatAllocation:Strategy"] = "Pessimistic",
            ["ConnectionStrings:Postgres"] = await TestPostgres.GetConnectionStringAsync(),
            ["ConnectionStrings:Redis"] = redis.Configuration + ",abortConnect=false",
        });
        var http = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await ProbeAsync(http, "/health/ready")).Status);

        await redis.StopAsync();
        var ready = await ProbeAsync(http, "/health/ready");
        var live = await ProbeAsync(http, "/health/live");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), (ready.Status, ready.Overall));
        Assert.Equal("Unhealthy", ready.Checks["redis"]);
        Assert.Equal("Healthy", ready.Checks["postgres"]);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (live.Status, live.Overall));
    }

    private static async Task<Probe> ProbeAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var checks = body.GetProperty("checks").EnumerateObject().ToArray();
        return new Probe(
            response.StatusCode,
            body.GetProperty("status").GetString()!,
            checks.ToDictionary(c => c.Name, c => c.Value.GetProperty("status").GetString()!),
            checks.ToDictionary(c => c.Name, c => c.Value.GetProperty("description").GetString() ?? ""));
    }

    /// <summary>A probe's answer as an orchestrator and an operator read it.</summary>
    private sealed record Probe(HttpStatusCode Status, string Overall, Dictionary<string, string> Checks, Dictionary<string, string> Descriptions);
}
