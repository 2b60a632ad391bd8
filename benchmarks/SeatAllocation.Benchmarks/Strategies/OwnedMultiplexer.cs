using StackExchange.Redis;

namespace SeatAllocation.Benchmarks.Strategies;

/// <summary>Closes a strategy's own Redis connection when the harness is done with the strategy.</summary>
internal sealed class OwnedMultiplexer(ConnectionMultiplexer multiplexer) : IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await multiplexer.CloseAsync().ConfigureAwait(false);
}
