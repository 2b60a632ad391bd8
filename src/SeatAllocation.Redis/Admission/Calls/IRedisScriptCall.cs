using StackExchange.Redis;

namespace SeatAllocation.Redis.Admission;

/// <summary>
/// One call of a Lua script: its KEYS and ARGV in the order the script reads them. Each script has
/// exactly one implementation, the one place its layout is written on the C# side; the script
/// names the positions once, at its top.
/// </summary>
internal interface IRedisScriptCall
{
    /// <summary>The script's KEYS: every key it touches (so Redis Cluster can route it).</summary>
    RedisKey[] Keys();

    /// <summary>The script's ARGV.</summary>
    RedisValue[] Values();
}
