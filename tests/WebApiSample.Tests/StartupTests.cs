using System.Net;
using System.Net.Sockets;
using Npgsql;
using SeatAllocation.Servers;
using WebApiSample.Tests.Infrastructure;

namespace WebApiSample.Tests;

/// <summary>What the sample does with its configuration at start: the default, the strategy switch, and clear failures.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task Without_any_configuration_it_serves_the_api_on_the_in_memory_strategy_and_says_so()
    {
        await using var app = await SampleApp.StartAsync(new Dictionary<string, string?>());
        var client = app.CreateSeatsClient();

        var showId = await client.CreateSeatedShowAsync(2);
        using var booked = await client.As("ada").BookAsync(showId, new { quantity = 1 }, SeatsClient.NewKey());

        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        Assert.Contains(app.Log, line => line.StartsWith("Warning", StringComparison.Ordinal)
            && line.Contains("SeatAllocation:Strategy is not set", StringComparison.Ordinal)
            && line.Contains("in-memory", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Pessimistic", "pessimistic")]
    [InlineData("Optimistic", "optimistic")]
    [InlineData("GroupCommit", "group-commit")]
    [InlineData("inmemory", "in-memory")]
    public async Task The_configured_strategy_is_the_one_that_serves_and_the_log_names_it(string configured, string name)
    {
        await using var app = await SampleApp.StartAsync(configured);

        Assert.Equal(name, app.Strategy.Name);
        Assert.Contains(app.Log, line => line.Contains($"Seats are allocated by the {name} strategy", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Pessimistic")]
    [InlineData("Optimistic")]
    [InlineData("GroupCommit")]
    public async Task A_postgres_strategy_without_a_connection_string_fails_at_start_naming_the_setting(string strategy)
    {
        var error = await StartFailureAsync(new() { ["SeatAllocation:Strategy"] = strategy });

        Assert.Contains($"SeatAllocation:Strategy is {strategy}", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Postgres is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_postgres_strategy_whose_server_does_not_answer_fails_at_start_naming_the_server()
    {
        var port = ClosedPort();

        var error = await StartFailureAsync(new()
        {
            ["SeatAllocation:Strategy"] = "Pessimistic",
            ["ConnectionStrings:Postgres"] = $"Host=127.0.0.1;Port={port};Username=postgres;Password=secret-password;Timeout=5",
        });

        Assert.Contains($"Could not connect to PostgreSQL at 127.0.0.1:{port} (ConnectionStrings:Postgres)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_redis_that_does_not_answer_fails_at_start_naming_the_server()
    {
        var port = ClosedPort();

        var error = await StartFailureAsync(new() { ["ConnectionStrings:Redis"] = $"127.0.0.1:{port},password=secret-password,connectTimeout=2000" });

        Assert.Contains($"Could not connect to Redis at 127.0.0.1:{port} (ConnectionStrings:Redis)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_strategy_fails_at_start_listing_the_known_ones()
    {
        var error = await StartFailureAsync(new() { ["SeatAllocation:Strategy"] = "Quantum" });

        Assert.Contains("SeatAllocation:Strategy is 'Quantum'", error.Message, StringComparison.Ordinal);
        Assert.Contains("InMemory, Pessimistic, Optimistic, RedisAdmission, GroupCommit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_redis_admission_strategy_without_redis_fails_at_start_naming_the_setting()
    {
        var error = await StartFailureAsync(new()
        {
            ["SeatAllocation:Strategy"] = "RedisAdmission",
            ["ConnectionStrings:Postgres"] = await TestPostgres.GetConnectionStringAsync(),
        });

        Assert.Contains("ConnectionStrings:Redis is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hold_duration_out_of_range_fails_at_start()
    {
        var error = await StartFailureAsync(new() { ["SeatAllocation:HoldDuration"] = "00:00:00" });

        Assert.Contains("HoldDuration", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Outside_development_without_bearer_settings_it_fails_at_start_naming_them(string environment)
    {
        var error = await StartFailureAsync(new(), environment);

        Assert.Contains($"No bearer token settings in the {environment} environment", error.Message, StringComparison.Ordinal);
        Assert.Contains("Authentication:Schemes:Bearer:Authority", error.Message, StringComparison.Ordinal);
        Assert.Contains("Authentication:Schemes:Bearer:SigningKeys", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_development_an_authority_alone_is_enough_to_start()
    {
        await using var app = await SampleApp.StartAsync(
            new Dictionary<string, string?> { ["Authentication:Schemes:Bearer:Authority"] = "https://login.example/" },
            environment: "Production");

        using var response = await app.CreateAnonymousClient().GetShowAsync("no-such-show");

        await Problem.AssertAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("someone-else", "c2hvcnQ=", "SigningKeys:0:Issuer is 'someone-else'")]
    [InlineData("https://login.example", "not base64!", "SigningKeys:0:Value is not base64")]
    [InlineData("https://login.example", "c2hvcnQ=", "SigningKeys:0:Value is 5 bytes")]
    public async Task A_signing_key_that_would_never_verify_a_token_fails_at_start_naming_it(string keyIssuer, string value, string expected)
    {
        var error = await StartFailureAsync(
            new()
            {
                ["Authentication:Schemes:Bearer:ValidIssuer"] = "https://login.example",
                ["Authentication:Schemes:Bearer:SigningKeys:0:Issuer"] = keyIssuer,
                ["Authentication:Schemes:Bearer:SigningKeys:0:Value"] = value,
            },
            "Production");

        Assert.Contains("Authentication:Schemes:Bearer:" + expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_schema_is_created_at_start_in_an_empty_database()
    {
        var server = await TestPostgres.GetDataSourceAsync();
        var database = $"webapi_{Guid.NewGuid():N}";
        await using (var create = server.CreateCommand($"CREATE DATABASE {database}"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(await TestPostgres.GetConnectionStringAsync()) { Database = database, MaxPoolSize = 10 }.ConnectionString;
        try
        {
            await using var app = await SampleApp.StartAsync(new Dictionary<string, string?>
            {
                ["SeatAllocation:Strategy"] = "Optimistic",
                ["ConnectionStrings:Postgres"] = connectionString,
            });
            var client = app.CreateSeatsClient();

            var showId = await client.CreateGeneralAdmissionShowAsync(5);

            Assert.Equal(new ShowDto(showId, 5, 5, 0, 0), await client.ReadShowAsync(showId));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var drop = server.CreateCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Starts the app with exactly these settings and returns the exception that stopped it.</summary>
    private static async Task<Exception> StartFailureAsync(Dictionary<string, string?> settings, string? environment = null)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => SampleApp.StartAsync(settings, environment: environment));
        return error is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerException! : error;
    }

    /// <summary>A loopback port nothing listens on: bound, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
