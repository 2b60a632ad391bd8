namespace WebApiSample.Configuration;

/// <summary>The strategy this app runs on, and whether it was configured or is the default.</summary>
/// <param name="Kind">The strategy.</param>
/// <param name="IsDefault">Whether <c>SeatAllocation:Strategy</c> was not set, so the in-memory default applies.</param>
internal sealed record StrategyChoice(AllocationStrategyKind Kind, bool IsDefault)
{
    /// <summary>The configuration key: <c>SeatAllocation:Strategy</c> (environment variable <c>SeatAllocation__Strategy</c>).</summary>
    public const string ConfigurationKey = "SeatAllocation:Strategy";

    /// <summary>Reads <c>SeatAllocation:Strategy</c>; case-insensitive names only, so a typo fails instead of picking a strategy by number.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The choice; the in-memory strategy when the key is not set.</returns>
    /// <exception cref="InvalidOperationException">The value is not a strategy name.</exception>
    public static StrategyChoice Read(IConfiguration configuration)
    {
        var value = configuration[ConfigurationKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return new StrategyChoice(AllocationStrategyKind.InMemory, IsDefault: true);
        }

        var kind = Enum.GetValues<AllocationStrategyKind>()
            .Where(k => string.Equals(k.ToString(), value.Trim(), StringComparison.OrdinalIgnoreCase))
            .Select(k => (AllocationStrategyKind?)k)
            .FirstOrDefault();
        return kind is { } known
            ? new StrategyChoice(known, IsDefault: false)
            : throw new InvalidOperationException(
                $"{ConfigurationKey} is '{value}', which is not a strategy. Use one of: {string.Join(", ", Enum.GetNames<AllocationStrategyKind>())}.");
    }
}
