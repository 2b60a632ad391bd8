using System.Collections.Concurrent;

namespace WebApiSample.Tests.Infrastructure;

/// <summary>
/// A test class's apps, one per strategy, started on first use and stopped after the class. Each
/// class gets its own (classes run in parallel) and every test makes its own shows, so no test sees
/// another's seats.
/// </summary>
public sealed class SampleApps : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<SampleApp>>> apps = new();

    public Task<SampleApp> GetAsync(string strategy) =>
        apps.GetOrAdd(strategy, s => new Lazy<Task<SampleApp>>(() => SampleApp.StartAsync(s))).Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in apps.Values.Where(a => a.IsValueCreated))
        {
            if (app.Value.IsCompletedSuccessfully)
            {
                await (await app.Value).DisposeAsync();
            }
        }
    }
}
