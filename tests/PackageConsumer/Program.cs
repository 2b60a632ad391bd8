// What an application on a current StackExchange.Redis does with the packed SeatAllocation packages:
// register Redis admission over the pessimistic PostgreSQL strategy through DI, start the host (which
// migrates the schema), and sell seats through the Redis gate. Exits non-zero on any surprise, so the
// consumer test fails when the packages cannot be consumed: a compile error, a restore conflict, a
// missing method at run time, or a gate that never reached Redis.
//
//   CONSUMER_POSTGRES   an Npgsql connection string      CONSUMER_REDIS   a StackExchange.Redis configuration
//   CONSUMER_EXPECTED_REDIS_CLIENT   the StackExchange.Redis version that must be the one loaded
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using SeatAllocation;
using SeatAllocation.Redis;
using StackExchange.Redis;

var postgres = Setting("CONSUMER_POSTGRES");
var redisConfiguration = Setting("CONSUMER_REDIS");
var expectedClient = Setting("CONSUMER_EXPECTED_REDIS_CLIENT");

// The client NuGet unified to must be the one running, not the one SeatAllocation.Redis was built against.
var client = typeof(ConnectionMultiplexer).Assembly;
var clientVersion = client.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?";
Console.WriteLine($"StackExchange.Redis loaded: {clientVersion} (assembly {client.GetName().Version})");
Check(clientVersion == expectedClient, $"expected StackExchange.Redis {expectedClient} at run time, got {clientVersion}");
var package = typeof(RedisAdmissionStrategy).Assembly;
Console.WriteLine($"SeatAllocation.Redis loaded: {package.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion} from {package.Location}");

await using var dataSource = NpgsqlDataSource.Create(postgres);
await using var redis = await ConnectionMultiplexer.ConnectAsync(redisConfiguration);
var keyPrefix = $"consumer-{clientVersion}-{Guid.NewGuid():N}:";

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSeatAllocation()
    .UsePostgres(dataSource)
    .UsePessimisticLocking()
    .UseRedisAdmission(redis, o =>
    {
        o.KeyPrefix = keyPrefix;
        // A Redis failure (including one caused by a client the package cannot run with) then shows
        // as Contended answers instead of being papered over by PostgreSQL.
        o.FailurePolicy = RedisFailurePolicy.FailClosed;
    });
using var host = builder.Build();
await host.StartAsync();

var strategy = host.Services.GetRequiredService<IAllocationStrategy>();
var leases = host.Services.GetRequiredService<RedisSeatLeases>();
Console.WriteLine($"strategy: {strategy.Name}");

var show = "consumer-" + Guid.NewGuid().ToString("N");
var created = await strategy.CreateShowAsync(ShowDefinition.Seated(show, "A1", "A2", "A3", "A4"));
Check(created == CreateShowResult.Created, $"create show: {created}");
Check(await redis.GetDatabase().KeyExistsAsync($"{keyPrefix}{{{show}}}:show"), "creating the show did not build its Redis state");

var ada = await strategy.BookAsync(AllocationRequest.ForSeats(show, "ada-1", "ada", "A1", "A2"));
Report("ada books A1, A2", ada);
Check(ada.Succeeded, "ada's booking");

var bob = await strategy.BookAsync(AllocationRequest.ForSeats(show, "bob-1", "bob", "A2", "A3"));
Report("bob books A2, A3", bob);
Check(bob.Status == AllocationStatus.Unavailable && bob.UnavailableSeatIds.SequenceEqual(["A2"]), "bob must be refused A2 only");

var lease = await leases.AcquireAsync(show, "cy", ["A3"], TimeSpan.FromMinutes(1));
Console.WriteLine($"cy leases A3: {lease.Status}");
Check(lease.Status == SeatLeaseStatus.Leased, "cy's lease");

var blocked = await strategy.BookAsync(AllocationRequest.ForSeats(show, "bob-2", "bob", "A3"));
Report("bob books leased A3", blocked);
Check(blocked.Status == AllocationStatus.Unavailable, "a seat leased to cy must be refused to bob at the gate");

var cy = await strategy.HoldAsync(AllocationRequest.ForSeats(show, "cy-1", "cy", "A3"), TimeSpan.FromMinutes(5));
Report("cy holds her leased A3", cy);
Check(cy.Succeeded, "cy's hold");
var confirmed = await strategy.ConfirmAsync(new AllocationReference(show, cy.Allocation!.Id));
Report("cy confirms", confirmed);
Check(confirmed.Succeeded, "cy's confirm");

var replay = await strategy.BookAsync(AllocationRequest.ForSeats(show, "ada-1", "ada", "A1", "A2"));
Report("ada replays ada-1", replay);
Check(replay.Succeeded && replay.IsReplay && replay.Allocation!.Id == ada.Allocation!.Id, "the replay must return ada's booking");

var availability = await strategy.GetAvailabilityAsync(show);
Console.WriteLine($"availability: {availability}");
Check(availability is { Available: 1, Held: 0, Booked: 3 }, "three seats booked, one left");

var verification = await host.Services.GetRequiredService<IAllocationVerifier>().VerifyAsync(show);
Console.WriteLine($"verifier: {verification}");
Check(verification.IsValid, "the verifier found violations");

await host.StopAsync();

// The packages have no default strategy: an app that forgot to choose one stops at start.
var forgetful = Host.CreateApplicationBuilder(args);
forgetful.Logging.ClearProviders(); // the host would log the expected failure with its stack trace
forgetful.Services.AddSeatAllocation();
using var forgetfulHost = forgetful.Build();
try
{
    await forgetfulHost.StartAsync();
    Check(false, "AddSeatAllocation() without a strategy must fail at start");
}
catch (Microsoft.Extensions.Options.OptionsValidationException error) when (error.Message.Contains(".UsePostgres(dataSource)", StringComparison.Ordinal))
{
    Console.WriteLine("AddSeatAllocation() without a strategy fails at start, naming the choices");
}

Console.WriteLine($"consumer test passed with StackExchange.Redis {clientVersion}");
return 0;

static string Setting(string name) =>
    Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"Set {name} (eng/consumer-test.sh does).");

static void Report(string what, AllocationResult result) =>
    Console.WriteLine($"{what}: {result}");

static void Check(bool condition, string failure)
{
    if (!condition)
    {
        throw new InvalidOperationException("consumer test failed: " + failure);
    }
}
