namespace SeatAllocation.Redis.Admission;

/// <summary>
/// The tokens a seat lease key names and the expiry set scores: an admission (<c>adm:…</c>), a
/// holder's seat lease (<c>lease:{holderId}</c>), or an allocation id (a hold or booking, no prefix).
/// The scripts tell them apart by these prefixes, which reach Lua as <c>ADMISSION_PREFIX</c> and
/// <c>LEASE_PREFIX</c> in the fragment <see cref="RedisScripts"/> puts in front of every script, so
/// each is written here only.
/// </summary>
internal static class RedisTokens
{
    public const string AdmissionPrefix = "adm:";

    public const string LeasePrefix = "lease:";

    /// <summary>A new admission's token: unique, so a late compensation can never give back someone else's seats.</summary>
    public static string NewAdmission() => AdmissionPrefix + Guid.NewGuid().ToString("N");

    /// <summary>The lease token of a holder: the value its seat lease keys carry.</summary>
    public static string Lease(string holderId) => LeasePrefix + holderId;
}
