using System.Reflection;

namespace SeatAllocation.Redis.Admission;

/// <summary>
/// The Lua scripts, each assembled once when first used: the token prefixes from
/// <see cref="RedisTokens"/>, then the shared fragment <c>Scripts/protocol.lua</c> (the rules more
/// than one script applies, such as when a seat is taken), then the fragments only some scripts use
/// (<c>Scripts/choose.lua</c>, how seats are chosen, for admit), then the script's own text.
/// </summary>
internal static class RedisScripts
{
    private static readonly string Protocol =
        $"local ADMISSION_PREFIX = {LuaString(RedisTokens.AdmissionPrefix)}\n" +
        $"local LEASE_PREFIX = {LuaString(RedisTokens.LeasePrefix)}\n" +
        Resource("protocol") + "\n";

    public static RedisScript<AdmitCall> Admit { get; } = Load<AdmitCall>("admit", "choose");

    public static RedisScript<CommitCall> Commit { get; } = Load<CommitCall>("commit");

    public static RedisScript<ReleaseCall> Release { get; } = Load<ReleaseCall>("release");

    public static RedisScript<RebuildCall> Rebuild { get; } = Load<RebuildCall>("rebuild");

    public static RedisScript<LeaseCall> Lease { get; } = Load<LeaseCall>("lease");

    public static RedisScript<UnleaseCall> Unlease { get; } = Load<UnleaseCall>("unlease");

    // Fragments go between the shared one and the script: choose.lua, which only admit.lua uses.
    private static RedisScript<TCall> Load<TCall>(string name, params string[] fragments)
        where TCall : IRedisScriptCall =>
        new(name, Protocol + string.Concat(fragments.Select(fragment => Resource(fragment) + "\n")) + Resource(name));

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"SeatAllocation.Redis.Scripts.{name}.lua")
            ?? throw new InvalidOperationException($"The embedded script {name}.lua is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>A Lua string literal; the prefixes are plain ASCII, and anything else is refused rather than escaped.</summary>
    private static string LuaString(string value) =>
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '_' or '-')
            ? "'" + value + "'"
            : throw new InvalidOperationException($"'{value}' cannot be a token prefix.");
}
