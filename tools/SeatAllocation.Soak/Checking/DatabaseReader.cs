using Npgsql;
using SeatAllocation.Soak.Cluster;

namespace SeatAllocation.Soak.Checking;

/// <summary>Reads every strategy's tables directly (schema in src/SeatAllocation.Postgres/Schema/Migrations) and asks the library's verifier.</summary>
public static class DatabaseReader
{
    private const string ShowsSql = "SELECT show_id, seated, capacity, allocated, booked FROM seat_allocation.shows";

    private const string AllocationsSql = "SELECT show_id, allocation_id::text AS allocation_id, request_id, kind, state, seat_ids, quantity, expires_at, created_at FROM seat_allocation.allocations";

    public static async Task<DatabaseSnapshot> ReadAsync(string adminConnectionString, IReadOnlyList<StrategyCluster> clusters, CancellationToken cancellationToken)
    {
        var shows = new List<ShowRow>();
        var allocations = new List<AllocationRow>();
        var now = DateTimeOffset.MaxValue;
        foreach (var cluster in clusters)
        {
            await using var connection = new NpgsqlConnection(ConnectionString(adminConnectionString, cluster.Database));
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (var command = new NpgsqlCommand("SELECT now()", connection))
            {
                var at = (DateTime)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                now = new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) < now ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : now;
            }

            await using (var command = new NpgsqlCommand(ShowsSql, connection))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    shows.Add(new ShowRow(cluster.Name, reader.GetString(reader.GetOrdinal("show_id")), reader.GetBoolean(reader.GetOrdinal("seated")), reader.GetInt32(reader.GetOrdinal("capacity")), reader.GetInt32(reader.GetOrdinal("allocated")), reader.GetInt32(reader.GetOrdinal("booked"))));
                }
            }

            await using (var command = new NpgsqlCommand(AllocationsSql, connection))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                var expires = reader.GetOrdinal("expires_at");
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    allocations.Add(new AllocationRow(
                        cluster.Name,
                        reader.GetString(reader.GetOrdinal("show_id")),
                        reader.GetString(reader.GetOrdinal("allocation_id")),
                        reader.GetString(reader.GetOrdinal("request_id")),
                        reader.GetString(reader.GetOrdinal("kind")),
                        reader.GetString(reader.GetOrdinal("state")),
                        reader.GetFieldValue<string[]>(reader.GetOrdinal("seat_ids")),
                        reader.GetInt32(reader.GetOrdinal("quantity")),
                        reader.IsDBNull(expires) ? null : new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(expires), DateTimeKind.Utc)),
                        new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(reader.GetOrdinal("created_at")), DateTimeKind.Utc))));
                }
            }
        }

        return new DatabaseSnapshot(now, shows, allocations);
    }

    /// <summary>The library's own verifier over each strategy's database, one line per violation.</summary>
    public static async Task<IReadOnlyList<string>> VerifyAsync(string adminConnectionString, IReadOnlyList<StrategyCluster> clusters, CancellationToken cancellationToken)
    {
        var findings = new List<string>();
        foreach (var cluster in clusters)
        {
            await using var dataSource = NpgsqlDataSource.Create(ConnectionString(adminConnectionString, cluster.Database));
            var strategy = new Postgres.PessimisticAllocationStrategy(dataSource, new Postgres.PostgresAllocationOptions { MigrateSchemaOnStart = false });
            var report = await ((IAllocationVerifier)strategy).VerifyAsync(null, cancellationToken).ConfigureAwait(false);
            findings.AddRange(report.Violations.Select(v => $"{cluster.Name}: {v}"));
        }

        return findings;
    }

    public static string ConnectionString(string admin, string database) =>
        new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = false }.ConnectionString;
}
