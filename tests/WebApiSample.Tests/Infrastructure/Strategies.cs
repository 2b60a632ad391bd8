namespace WebApiSample.Tests.Infrastructure;

/// <summary>The strategies every contract test runs against, as the sample's <c>SeatAllocation:Strategy</c> values.</summary>
public static class Strategies
{
    /// <summary>One row per strategy: every contract, idempotency, bad-input and race test runs on each.</summary>
    public static TheoryData<string> All => new() { "InMemory", "Pessimistic", "Optimistic", "GroupCommit", "RedisAdmission" };

    /// <summary>Every strategy crossed with every name in <paramref name="cases"/>.</summary>
    public static TheoryData<string, string> Crossed(IEnumerable<string> cases)
    {
        var data = new TheoryData<string, string>();
        foreach (var strategy in All)
        {
            foreach (var name in cases)
            {
                data.Add(strategy, name);
            }
        }

        return data;
    }
}
