namespace WebApiSample.Tests.Infrastructure;

/// <summary>The strategies every contract test runs against, as the sample's <c>SeatAllocation:Strategy</c> values.</summary>
public static class Strategies
{
    private static readonly string[] Every = ["InMemory", "Pessimistic", "Optimistic", "GroupCommit", "RedisAdmission"];

    /// <summary>
    /// The strategies that support seat maps, best-available requests, per-buyer limits, hold
    /// extension with a lifetime cap and seat lists (issue 14): all of them.
    /// </summary>
    private static readonly string[] SupportingSeatMaps = Every;

    /// <summary>One row per strategy: every contract, idempotency, bad-input and race test runs on each.</summary>
    public static TheoryData<string> All => new(Every);

    /// <summary>The strategies the seat-map, limit and extension tests run on: <see cref="SupportingSeatMaps"/>.</summary>
    public static TheoryData<string> WithSeatMaps => new(SupportingSeatMaps);

    /// <summary>Every strategy crossed with every name in <paramref name="cases"/>.</summary>
    public static TheoryData<string, string> Crossed(IEnumerable<string> cases)
    {
        var data = new TheoryData<string, string>();
        foreach (var strategy in Every)
        {
            foreach (var name in cases)
            {
                data.Add(strategy, name);
            }
        }

        return data;
    }
}
