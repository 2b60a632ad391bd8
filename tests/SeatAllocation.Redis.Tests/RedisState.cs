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

    /// <summary>
    /// Asserts that a seat-map show's seat marks say, for every seat, what its lease key and its
    /// owner's expiry say at <paramref name="now"/>: free, leased, or taken (a mark of a seat whose
    /// owner expired by then may still read taken, with a time in the past, until the next choice).
    /// </summary>
    public static async Task AssertSeatMarksAgreeAsync(IDatabaseAsync redis, string showId, DateTimeOffset now)
    {
        var keys = Keys(showId);
        var marks = (string?)await redis.StringGetAsync(keys.SeatMapFree);
        Assert.NotNull(marks);
        var places = await redis.HashGetAllAsync(keys.SeatPlaces);
        Assert.NotEmpty(places);
        var nowMs = now.ToUnixTimeMilliseconds();
        foreach (var place in places)
        {
            var seat = (string)place.Name!;
            var mark = marks[(int)place.Value - 1];
            var owner = (string?)await redis.StringGetAsync(keys.Seat(seat));
            var until = await redis.SortedSetScoreAsync(keys.SeatsTakenUntil, seat);
            var expires = owner is null ? null : await redis.SortedSetScoreAsync(keys.Expiry, owner);
            var expected = owner is null ? '1'
                : owner.StartsWith(RedisTokens.LeasePrefix, StringComparison.Ordinal) ? 'L'
                : expires > nowMs ? '0'
                : '1';
            var actual = mark == '0' && until <= nowMs ? '1' : mark;
            Assert.True(expected == actual, $"Seat {seat}: marked '{mark}' (until {until}), but its lease key names {owner ?? "nobody"} (expires {expires}).");
            if (expected == '0')
            {
                Assert.Equal(expires, until);
            }
        }
    }

    /// <summary>Asserts that Redis counts exactly what PostgreSQL has free: no drift either way.</summary>
    public static async Task AssertInStepAsync(IDatabaseAsync redis, IShowSnapshotSource truth, string showId)
    {
        var snapshot = await truth.GetSnapshotAsync(showId);
        Assert.NotNull(snapshot);
        Assert.Equal(snapshot.Available, await RemainingAsync(redis, showId));
    }
}
