using System.Globalization;
using Npgsql;

namespace SeatAllocation.Benchmarks.Race;

/// <summary>
/// The PostgreSQL server a run measured, as the server itself reports it: version and the settings
/// that decide what a commit costs. Read once per server, so the report states what was, not what
/// was asked for.
/// </summary>
/// <param name="Version">The server's <c>version()</c>.</param>
/// <param name="Source">Where it came from: a throwaway server, or the environment variable naming one.</param>
/// <param name="Storage">The file system of its data directory (e.g. <c>ext4 on /dev/vda</c>), when this machine can see it; a durable commit costs what that storage's flush costs.</param>
internal sealed record PostgresServerSettings(
    string Version,
    string Source,
    string Fsync,
    string SynchronousCommit,
    string FullPageWrites,
    string WalSyncMethod,
    string SharedBuffers,
    string MaxConnections,
    string? Storage)
{
    /// <summary>The settings the durable server is started with (the production defaults for these three).</summary>
    public static IReadOnlyList<string> DurableSettings { get; } = ["fsync = on", "synchronous_commit = on", "full_page_writes = on"];

    /// <summary>Every commit waits until its WAL is flushed to storage.</summary>
    public bool IsDurable => Fsync == "on" && SynchronousCommit is "on" or "local" or "remote_write" or "remote_apply";

    /// <summary>One line for a table, e.g. <c>fsync=on, synchronous_commit=on, …</c>.</summary>
    public string Summary => string.Create(
        CultureInfo.InvariantCulture,
        $"fsync={Fsync}, synchronous_commit={SynchronousCommit}, full_page_writes={FullPageWrites}, wal_sync_method={WalSyncMethod}, shared_buffers={SharedBuffers}, max_connections={MaxConnections}");

    /// <summary>Reads the settings of the server behind <paramref name="dataSource"/>.</summary>
    public static async Task<PostgresServerSettings> ReadAsync(NpgsqlDataSource dataSource, string source)
    {
        ArgumentNullException.ThrowIfNull(dataSource);

        // data_directory is visible to superusers only; anyone else gets a null and no storage line.
        const string Sql = """
            SELECT version() AS version, current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS synchronous_commit,
                   current_setting('full_page_writes') AS full_page_writes, current_setting('wal_sync_method') AS wal_sync_method,
                   current_setting('shared_buffers') AS shared_buffers, current_setting('max_connections') AS max_connections,
                   (SELECT setting FROM pg_settings WHERE name = 'data_directory') AS data_directory
            """;
        await using var command = dataSource.CreateCommand(Sql);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        await reader.ReadAsync().ConfigureAwait(false);
        string Text(string column) => reader.GetString(reader.GetOrdinal(column));
        var dataDirectory = reader.IsDBNull(reader.GetOrdinal("data_directory")) ? null : Text("data_directory");
        return new PostgresServerSettings(
            Text("version"),
            source,
            Text("fsync"),
            Text("synchronous_commit"),
            Text("full_page_writes"),
            Text("wal_sync_method"),
            Text("shared_buffers"),
            Text("max_connections"),
            dataDirectory is null || !File.Exists("/proc/mounts") ? null : StorageOf(dataDirectory, File.ReadAllLines("/proc/mounts")));
    }

    /// <summary>
    /// The mount holding <paramref name="path"/>, from <c>/proc/mounts</c> lines: its file system and
    /// device, e.g. <c>ext4 on /dev/vda (mounted at /)</c>; null when none matches.
    /// </summary>
    internal static string? StorageOf(string path, IEnumerable<string> mounts)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(mounts);
        var best = mounts
            .Select(line => line.Split(' '))
            .Where(f => f.Length >= 3 && IsUnder(path, Unescape(f[1])))
            .MaxBy(f => Unescape(f[1]).Length);
        return best is null ? null : $"{best[2]} on {best[0]} (mounted at {Unescape(best[1])})";
    }

    private static bool IsUnder(string path, string mountPoint) =>
        mountPoint == "/" || path == mountPoint || path.StartsWith(mountPoint.TrimEnd('/') + "/", StringComparison.Ordinal);

    // /proc/mounts writes a space in a mount point as \040.
    private static string Unescape(string field) => field.Replace("\\040", " ", StringComparison.Ordinal);
}
