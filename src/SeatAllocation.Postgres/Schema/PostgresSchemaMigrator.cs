using System.Reflection;
using Npgsql;

namespace SeatAllocation.Postgres;

/// <summary>
/// Creates and upgrades the SeatAllocation tables from numbered SQL migrations embedded in this
/// package. Safe to run from several processes at once: a transaction-scoped advisory lock lets one
/// migrate while the others wait, then find nothing left to do.
/// </summary>
public static class PostgresSchemaMigrator
{
    /// <summary>The schema the tables live in unless configured otherwise.</summary>
    public const string DefaultSchema = "seat_allocation";

    private const string MigrationPrefix = "SeatAllocation.Postgres.Migrations.";

    // Any fixed 64-bit number: the advisory lock that serializes migrations across processes.
    private const long MigrationLockKey = 0x5EA7_A110_C8_0001;

    private static readonly IReadOnlyList<(int Version, string Name, string Sql)> Migrations = LoadMigrations();

    /// <summary>Gets the schema version this package migrates to.</summary>
    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>Applies every migration the schema has not had yet.</summary>
    /// <param name="dataSource">The database to migrate.</param>
    /// <param name="schema">The schema name: lowercase letters, digits and underscores.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The versions applied by this call; empty when the schema was already up to date.</returns>
    /// <exception cref="ArgumentException">The schema name is not a plain lowercase identifier.</exception>
    public static async Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource dataSource, string schema = DefaultSchema, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        PostgresAllocationOptions.ThrowIfInvalidSchema(schema);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var prepare = new NpgsqlCommand(
            $"""
            SELECT pg_advisory_xact_lock({MigrationLockKey});
            CREATE SCHEMA IF NOT EXISTS {schema};
            CREATE TABLE IF NOT EXISTS {schema}.schema_migrations (
                version    integer     PRIMARY KEY,
                name       text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now());
            """, connection, transaction))
        {
            await prepare.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var applied = new HashSet<int>();
        await using (var read = new NpgsqlCommand($"SELECT version FROM {schema}.schema_migrations", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var newlyApplied = new List<int>();
        foreach (var (version, name, sql) in Migrations.Where(m => !applied.Contains(m.Version)))
        {
            await using var migrate = new NpgsqlCommand(sql.Replace("{schema}", schema, StringComparison.Ordinal), connection, transaction);
            await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand($"INSERT INTO {schema}.schema_migrations (version, name) VALUES ($1, $2)", connection, transaction)
            {
                Parameters = { new() { Value = version }, new() { Value = name } },
            };
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            newlyApplied.Add(version);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return newlyApplied;
    }

    /// <summary>
    /// Reads the schema version the database has: the highest migration recorded in
    /// <c>schema_migrations</c>, or 0 when the schema or that table does not exist yet. Migrations are
    /// applied in order in one transaction, so this version means every earlier one is applied too.
    /// </summary>
    /// <remarks>
    /// Takes no lock: a readiness probe can call it while another process migrates, and sees the
    /// version from before or after that migration, never a part of it. Compare it with
    /// <see cref="LatestVersion"/> to tell whether this package's strategies can use the schema.
    /// </remarks>
    /// <param name="dataSource">The database to ask.</param>
    /// <param name="schema">The schema name: lowercase letters, digits and underscores.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The applied version; 0 when nothing is applied.</returns>
    /// <exception cref="ArgumentException">The schema name is not a plain lowercase identifier.</exception>
    public static async Task<int> GetAppliedVersionAsync(NpgsqlDataSource dataSource, string schema = DefaultSchema, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        PostgresAllocationOptions.ThrowIfInvalidSchema(schema);

        await using var command = dataSource.CreateCommand($"SELECT coalesce(max(version), 0) FROM {schema}.schema_migrations");
        try
        {
            return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            // Never migrated: asking costs one statement in the usual case instead of a catalog look-up first.
            return 0;
        }
    }

    private static List<(int Version, string Name, string Sql)> LoadMigrations()
    {
        var assembly = typeof(PostgresSchemaMigrator).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(MigrationPrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(resource =>
            {
                var name = resource[MigrationPrefix.Length..^".sql".Length];
                var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
                return (version, name, ReadResource(assembly, resource));
            })
            .OrderBy(m => m.version)
            .ToList();
        return migrations.Count > 0 ? migrations : throw new InvalidOperationException("No embedded migrations were found in SeatAllocation.Postgres.");
    }

    private static string ReadResource(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
