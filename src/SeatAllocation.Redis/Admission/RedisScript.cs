using System.Reflection;
using System.Security.Cryptography;
using StackExchange.Redis;

namespace SeatAllocation.Redis.Admission;

/// <summary>
/// One Lua script, run by its SHA1 (EVALSHA) and sent in full (EVAL, which also caches it) only when
/// the server answers NOSCRIPT: after a restart, a failover or SCRIPT FLUSH.
/// </summary>
internal sealed class RedisScript
{
    private readonly byte[] _hash;

    private RedisScript(string name, string text)
    {
        Name = name;
        Text = text;
        // Redis names cached scripts by SHA1; it is an identifier here, not a security measure.
#pragma warning disable CA5350
        _hash = SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(text));
#pragma warning restore CA5350
    }

    public static RedisScript Admit { get; } = Load("admit");

    public static RedisScript Commit { get; } = Load("commit");

    public static RedisScript Release { get; } = Load("release");

    public static RedisScript Rebuild { get; } = Load("rebuild");

    public static RedisScript Lease { get; } = Load("lease");

    public static RedisScript Unlease { get; } = Load("unlease");

    public string Name { get; }

    public string Text { get; }

    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync database, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            return await database.ScriptEvaluateAsync(_hash, keys, values).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await database.ScriptEvaluateAsync(Text, keys, values).ConfigureAwait(false);
        }
    }

    private static RedisScript Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"SeatAllocation.Redis.Scripts.{name}.lua")
            ?? throw new InvalidOperationException($"The embedded script {name}.lua is missing.");
        using var reader = new StreamReader(stream);
        return new RedisScript(name, reader.ReadToEnd());
    }
}
