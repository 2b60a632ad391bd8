using SeatAllocation.Benchmarks.Race;
using SeatAllocation.Servers;

namespace SeatAllocation.Benchmarks.Tests.Race;

public class PostgresServerSettingsTests
{
    private static readonly string[] Mounts =
    [
        "/dev/vda / ext4 rw,relatime 0 0",
        "tmpfs /dev/shm tmpfs rw,nosuid,nodev 0 0",
        "tmpfs /tmp/ram\\040disk tmpfs rw 0 0",
        "/dev/vdb /var/lib/postgresql xfs rw,noatime 0 0",
    ];

    [Theory]
    [InlineData("/tmp/seatallocation-pg-x/data", "ext4 on /dev/vda (mounted at /)")]
    [InlineData("/var/lib/postgresql/15/main", "xfs on /dev/vdb (mounted at /var/lib/postgresql)")]
    [InlineData("/var/lib/postgresqlother", "ext4 on /dev/vda (mounted at /)")]
    [InlineData("/tmp/ram disk/data", "tmpfs on tmpfs (mounted at /tmp/ram disk)")]
    public void The_storage_is_the_deepest_mount_holding_the_data_directory(string dataDirectory, string expected) =>
        Assert.Equal(expected, PostgresServerSettings.StorageOf(dataDirectory, Mounts));

    [Theory]
    [InlineData("on", "on", true)]
    [InlineData("on", "local", true)]
    [InlineData("on", "off", false)]
    [InlineData("off", "on", false)]
    public void Durable_means_fsync_on_and_commits_that_wait_for_the_flush(string fsync, string synchronousCommit, bool durable) =>
        Assert.Equal(durable, new PostgresServerSettings("v", "s", fsync, synchronousCommit, "on", "fdatasync", "128MB", "300", null).IsDurable);

    [Fact]
    public async Task A_server_started_with_the_durable_settings_reports_them()
    {
        await using var server = await ThrowawayPostgres.StartAsync(PostgresServerSettings.DurableSettings);
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(server.ConnectionString);

        var settings = await PostgresServerSettings.ReadAsync(dataSource, "throwaway server");

        Assert.True(settings.IsDurable);
        Assert.Equal("on", settings.FullPageWrites);
        Assert.StartsWith("PostgreSQL ", settings.Version, StringComparison.Ordinal);
        Assert.Contains("fsync=on, synchronous_commit=on, full_page_writes=on", settings.Summary, StringComparison.Ordinal);
    }
}
