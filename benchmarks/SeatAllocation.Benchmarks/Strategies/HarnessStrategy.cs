namespace SeatAllocation.Benchmarks.Strategies;

/// <summary>A strategy ready to race: the contract, the verifier that checks its stored state, and whatever it owns.</summary>
internal sealed class HarnessStrategy(string name, IAllocationStrategy strategy, IAllocationVerifier verifier, IAsyncDisposable? owned = null) : IAsyncDisposable
{
    public string Name { get; } = name;

    public IAllocationStrategy Strategy { get; } = strategy;

    public IAllocationVerifier Verifier { get; } = verifier;

    /// <summary>Uses the strategy as its own verifier, as every strategy of the library is one.</summary>
    public static HarnessStrategy Of(string name, IAllocationStrategy strategy, IAsyncDisposable? owned = null) =>
        new(name, strategy, strategy as IAllocationVerifier ?? throw new InvalidOperationException($"{name}: {strategy.GetType().Name} does not implement IAllocationVerifier; give the verifier explicitly."), owned);

    public ValueTask DisposeAsync() => owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}
