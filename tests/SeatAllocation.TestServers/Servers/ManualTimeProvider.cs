using System.Globalization;

namespace SeatAllocation.Testing;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock only moves when a test moves it. Thread-safe.
/// Superseded by <c>Microsoft.Extensions.TimeProvider.Testing</c>'s <c>FakeTimeProvider</c>, which every
/// other test uses now; only <c>tests/SeatAllocation.Postgres.Tests</c> (being reworked on its own
/// branch) still uses this one, and it goes when they move over. <see cref="TimeProvider.GetTimestamp"/> follows the manual clock too, so
/// <see cref="TimeProvider.GetElapsedTime(long)"/> measures manual time. Timers are not faked:
/// <see cref="TimeProvider.CreateTimer"/> falls back to real timers.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock gate = new();
    private DateTimeOffset utcNow;

    /// <summary>Starts the clock at <see cref="DefaultStart"/> (2030-01-01T00:00:00Z).</summary>
    public ManualTimeProvider()
        : this(DefaultStart)
    {
    }

    /// <summary>Starts the clock at <paramref name="start"/> (converted to UTC).</summary>
    public ManualTimeProvider(DateTimeOffset start)
    {
        utcNow = start.ToUniversalTime();
    }

    /// <summary>The default start time: 2030-01-01T00:00:00Z.</summary>
    public static DateTimeOffset DefaultStart { get; } = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return utcNow;
        }
    }

    /// <inheritdoc />
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Moves the clock forward by <paramref name="delta"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative.</exception>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        lock (gate)
        {
            utcNow = utcNow.Add(delta);
        }
    }

    /// <summary>
    /// Sets the clock to <paramref name="value"/> (converted to UTC). Unlike <see cref="Advance"/>
    /// this may move the clock backwards, to simulate clock skew.
    /// </summary>
    public void SetUtcNow(DateTimeOffset value)
    {
        lock (gate)
        {
            utcNow = value.ToUniversalTime();
        }
    }

    /// <inheritdoc />
    public override string ToString() => GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
}
