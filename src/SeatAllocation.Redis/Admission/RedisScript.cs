using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace SeatAllocation.Redis.Admission;

/// <summary>
/// One Lua script, run by its SHA1 (EVALSHA) and sent in full (EVAL, which also caches it) only when
/// the server answers NOSCRIPT: after a restart, a failover or SCRIPT FLUSH. It takes only calls of
/// its own layout, <typeparamref name="TCall"/>, so one script's arguments cannot reach another.
/// </summary>
/// <typeparam name="TCall">The script's KEYS/ARGV builder.</typeparam>
internal sealed class RedisScript<TCall>
    where TCall : IRedisScriptCall
{
    private readonly byte[] _hash;

    public RedisScript(string name, string text)
    {
        Name = name;
        Text = text;
        // Redis names cached scripts by SHA1; it is an identifier here, not a security measure.
#pragma warning disable CA5350
        _hash = SHA1.HashData(Encoding.UTF8.GetBytes(text));
#pragma warning restore CA5350
    }

    public string Name { get; }

    /// <summary>The script as sent to Redis: the shared fragment followed by the script itself.</summary>
    public string Text { get; }

    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync database, TCall call)
    {
        var keys = call.Keys();
        var values = call.Values();
        try
        {
            return await database.ScriptEvaluateAsync(_hash, keys, values).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await database.ScriptEvaluateAsync(Text, keys, values).ConfigureAwait(false);
        }
    }
}
