using SeatAllocation.Redis.Admission;
using SeatAllocation.Servers;

namespace SeatAllocation.Redis.Tests.Admission;

/// <summary>The C#/Lua protocol has one definition: the scripts take the token prefixes and shared rules from one fragment.</summary>
public sealed class RedisScriptsTests
{
    private static readonly (string Name, string Text)[] Scripts =
    [
        (RedisScripts.Admit.Name, RedisScripts.Admit.Text),
        (RedisScripts.Commit.Name, RedisScripts.Commit.Text),
        (RedisScripts.Release.Name, RedisScripts.Release.Text),
        (RedisScripts.Rebuild.Name, RedisScripts.Rebuild.Text),
        (RedisScripts.Lease.Name, RedisScripts.Lease.Text),
        (RedisScripts.Unlease.Name, RedisScripts.Unlease.Text),
    ];

    public static TheoryData<string> ScriptFiles() =>
        [.. typeof(RedisScripts).Assembly.GetManifestResourceNames().Where(name => name.EndsWith(".lua", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(ScriptFiles))]
    public void No_script_file_spells_out_a_token_prefix(string resource)
    {
        using var reader = new StreamReader(typeof(RedisScripts).Assembly.GetManifestResourceStream(resource)!);
        var text = reader.ReadToEnd();

        Assert.DoesNotContain(RedisTokens.AdmissionPrefix, text, StringComparison.Ordinal);
        Assert.DoesNotContain(RedisTokens.LeasePrefix, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_script_starts_with_the_prefixes_from_csharp_and_the_shared_rules()
    {
        Assert.All(Scripts, script =>
        {
            Assert.StartsWith($"local ADMISSION_PREFIX = '{RedisTokens.AdmissionPrefix}'\nlocal LEASE_PREFIX = '{RedisTokens.LeasePrefix}'\n", script.Text, StringComparison.Ordinal);
            Assert.Contains("local function seat_taken(", script.Text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Redis_accepts_every_assembled_script()
    {
        var multiplexer = await TestRedis.GetMultiplexerAsync();
        var server = multiplexer.GetServer(multiplexer.GetEndPoints()[0]);

        foreach (var (name, text) in Scripts)
        {
            var hash = await server.ScriptLoadAsync(text);
            Assert.True(hash.Length == 20, $"{name}.lua was not loaded");
        }
    }
}
