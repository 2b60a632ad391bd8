// The seed's headline race: many clients rush a few seats at the same instant, against every
// strategy, and the verifier checks afterwards that nothing was overbooked.
//
//   dotnet run --project samples/RaceDemo -c Release -- [--clients N] [--seats N]
//
// PostgreSQL comes from SEATALLOCATION_POSTGRES when it is set, otherwise from a throwaway server
// started from the local binaries (initdb, pg_ctl) and stopped when the demo exits.
using System.Globalization;
using System.Runtime.InteropServices;
using Npgsql;
using SeatAllocation;
using SeatAllocation.Postgres;
using SeatAllocation.RaceDemo;
using SeatAllocation.Testing;

var clients = 1000;
var seats = 10;
for (var i = 0; i < args.Length; i += 2)
{
    var value = i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var parsed) && parsed > 0 ? parsed : 0;
    switch (args[i])
    {
        case "--clients" when value > 0: clients = value; break;
        case "--seats" when value is > 0 and <= 100_000: seats = value; break;
        default:
            Console.Error.WriteLine("usage: RaceDemo [--clients N] [--seats N]   (defaults: 1000 clients, 10 seats)");
            return 2;
    }
}

string connectionString;
try
{
    connectionString = await TestPostgres.GetConnectionStringAsync();
}
catch (InvalidOperationException ex)
{
    Console.Error.WriteLine("RaceDemo needs a PostgreSQL server. " + ex.Message);
    return 1;
}

// The clients share 100 connections; the rest wait in the pool, as a web server's requests would.
var dataSourceBuilder = new NpgsqlDataSourceBuilder(connectionString);
dataSourceBuilder.ConnectionStringBuilder.MaxPoolSize = 100;
await using var dataSource = dataSourceBuilder.Build();
await PostgresSchemaMigrator.MigrateAsync(dataSource);

// A rush queues hundreds of transactions on a few rows; with the default 2 s lock timeout the end
// of that queue would be answered Contended, which measures the timeout rather than the strategy.
var postgresOptions = new PostgresAllocationOptions { LockTimeout = TimeSpan.FromSeconds(30) };
IAllocationStrategy[] strategies =
[
    new InMemoryAllocationStrategy(),
    new PessimisticAllocationStrategy(dataSource, postgresOptions),
    new OptimisticAllocationStrategy(dataSource, postgresOptions),
];

await using (var version = dataSource.CreateCommand("SHOW server_version"))
{
    var server = Environment.GetEnvironmentVariable(TestPostgres.EnvironmentVariable) is { Length: > 0 } ? TestPostgres.EnvironmentVariable : "throwaway server";
    Console.WriteLine($"SeatAllocation race demo: {clients} clients, {seats} seats, {Environment.ProcessorCount} cores, "
        + $"{RuntimeInformation.FrameworkDescription}, PostgreSQL {await version.ExecuteScalarAsync()} ({server}), pool of 100 connections");
}

// Every strategy faces the same picks, so their rows are comparable.
var seatIds = Enumerable.Range(1, seats).Select(n => $"A{n}").ToArray();
var random = new Random(2026);
var picks = Enumerable.Range(0, clients).Select(_ => seatIds[random.Next(seats)]).ToArray();
Scenario[] scenarios =
[
    new("any-seat", $"{clients} clients each book any 1 seat of a {seats}-seat show (AllocationRequest.ForQuantity)",
        (showId, client) => AllocationRequest.ForQuantity(showId, $"request-{client}", $"user-{client}", 1)),
    new("picked-seat", $"{clients} clients each book the one seat they picked at random from {seats} (AllocationRequest.ForSeats)",
        (showId, client) => AllocationRequest.ForSeats(showId, $"request-{client}", $"user-{client}", picks[client])),
];

// A small race first, so JIT compilation and the first pooled connections are not timed below.
var runId = Guid.NewGuid().ToString("N")[..8];
foreach (var strategy in strategies)
{
    await Race.RunAsync(strategy, ShowDefinition.Seated($"warm-up-{strategy.Name}-{runId}", seatIds), 200, scenarios[0].RequestFor);
}

var failed = false;
foreach (var scenario in scenarios)
{
    Console.WriteLine();
    Console.WriteLine(scenario.Description);
    Console.WriteLine(RaceResult.Header);
    var results = new List<RaceResult>();
    foreach (var strategy in strategies)
    {
        var show = ShowDefinition.Seated($"{scenario.Name}-{strategy.Name}-{runId}", seatIds);
        var result = await Race.RunAsync(strategy, show, clients, scenario.RequestFor);
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
    ? "FAILED: a verifier found violations, or a client got an exception (see the notes above)."
    : "No strategy sold a seat twice or more seats than the show has; every client got an answer.");
return failed ? 1 : 0;
