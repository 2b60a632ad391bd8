using SeatAllocation.Redis.Admission;
using StackExchange.Redis;

namespace SeatAllocation.Redis.Tests;

/// <summary>Reads and tampers with a show's Redis admission state, as an operator with redis-cli could.</summary>
internal static class RedisState
{
    public static RedisShowKeys Keys(string showId) => new(new RedisAdmissionOptions().KeyPrefix, showId);

    public static async Task<long?> RemainingAsync(IDatabaseAsync redis, string showId)
    {
        var value = await redis.HashGetAsync(Keys(showId).Show, "remaining");
        return value.IsNull ? null : (long)value;
    }

    public static Task SetRemainingAsync(IDatabaseAsync redis, string showId, long remaining) =>
        redis.HashSetAsync(Keys(showId).Show, "remaining", remaining);

    /// <summary>Asserts that Redis counts exactly what PostgreSQL has free: no drift either way.</summary>
    public static async Task AssertInStepAsync(IDatabaseAsync redis, IShowSnapshotSource truth, string showId)
    {
        var snapshot = await truth.GetSnapshotAsync(showId);
        Assert.NotNull(snapshot);
        Assert.Equal(snapshot.Available, await RemainingAsync(redis, showId));
    }
}
