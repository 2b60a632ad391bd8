using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace WebApiSample.Tests.Infrastructure;

/// <summary>
/// Holds the app's start until WebApplicationFactory waits for it, so that an app that fails to start
/// reports its own error rather than "Cannot access a disposed object".
/// </summary>
/// <remarks>
/// <para>
/// The factory runs the app's <c>Program</c> on a thread of its own: once the host is built, that thread
/// goes on to <c>app.RunAsync()</c> while the factory's thread starts the host it was handed, and that
/// start reads the app's services (IHostApplicationLifetime) before it waits for the app to start or
/// for its entry point to end with an error. An app that fails its start (an invalid option, a server
/// that does not answer) disposes its services on the way out of <c>RunAsync</c>, so the read could come
/// second and throw ObjectDisposedException, hiding the app's error.
/// </para>
/// <para>
/// <see cref="Hold"/> makes the app's start wait first: <c>Host.StartAsync</c> awaits
/// <see cref="IHostLifetime.WaitForStartAsync"/> before anything that can fail (options validation,
/// hosted services). <see cref="OpenOnStart"/> opens the gate once the factory's
/// <see cref="IHost.StartAsync"/> has returned its task, which it does only at its first wait, after the
/// read.
/// </para>
/// </remarks>
internal sealed class StartGate
{
    private readonly TaskCompletionSource open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Makes the app's start wait for the gate: replaces its <see cref="IHostLifetime"/> with one that waits first.</summary>
    /// <param name="services">The app's services, after the app registered its own.</param>
    public void Hold(IServiceCollection services)
    {
        // The host registers its lifetime by type (ConsoleLifetime); anything else would need its own
        // disposal rules, so it is refused rather than guessed at.
        var registered = services.Last(d => d.ServiceType == typeof(IHostLifetime));
        var type = registered.ImplementationType
            ?? throw new InvalidOperationException($"Expected the app's IHostLifetime to be registered by type, found {registered}.");
        services.RemoveAll<IHostLifetime>();
        services.AddSingleton<IHostLifetime>(provider => new GatedLifetime((IHostLifetime)ActivatorUtilities.CreateInstance(provider, type), open.Task));
    }

    /// <summary>Wraps the factory's host builder so that the host it builds opens the gate when asked to start.</summary>
    /// <param name="builder">The builder WebApplicationFactory hands to <c>CreateHost</c>.</param>
    /// <returns>A builder that builds the same host, wrapped.</returns>
    public IHostBuilder OpenOnStart(IHostBuilder builder) => new OpeningBuilder(builder, open);

    /// <summary>The app's own lifetime, whose start waits for the gate first.</summary>
    private sealed class GatedLifetime(IHostLifetime inner, Task gate) : IHostLifetime, IDisposable
    {
        public async Task WaitForStartAsync(CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            await inner.WaitForStartAsync(cancellationToken).ConfigureAwait(false);
        }

        public Task StopAsync(CancellationToken cancellationToken) => inner.StopAsync(cancellationToken);

        /// <summary>Disposes the app's lifetime, which this class created in the container's place (ConsoleLifetime unregisters its signal handlers).</summary>
        public void Dispose() => (inner as IDisposable)?.Dispose();
    }

    /// <summary>The factory's builder, unchanged except that <see cref="Build"/> wraps the host.</summary>
    private sealed class OpeningBuilder(IHostBuilder inner, TaskCompletionSource gate) : IHostBuilder
    {
        public IDictionary<object, object> Properties => inner.Properties;

        public IHost Build() => new OpeningHost(inner.Build(), gate);

        public IHostBuilder ConfigureHostConfiguration(Action<IConfigurationBuilder> configureDelegate) => Then(inner.ConfigureHostConfiguration(configureDelegate));

        public IHostBuilder ConfigureAppConfiguration(Action<HostBuilderContext, IConfigurationBuilder> configureDelegate) => Then(inner.ConfigureAppConfiguration(configureDelegate));

        public IHostBuilder ConfigureServices(Action<HostBuilderContext, IServiceCollection> configureDelegate) => Then(inner.ConfigureServices(configureDelegate));

        public IHostBuilder UseServiceProviderFactory<TContainerBuilder>(IServiceProviderFactory<TContainerBuilder> factory)
            where TContainerBuilder : notnull => Then(inner.UseServiceProviderFactory(factory));

        public IHostBuilder UseServiceProviderFactory<TContainerBuilder>(Func<HostBuilderContext, IServiceProviderFactory<TContainerBuilder>> factory)
            where TContainerBuilder : notnull => Then(inner.UseServiceProviderFactory(factory));

        public IHostBuilder ConfigureContainer<TContainerBuilder>(Action<HostBuilderContext, TContainerBuilder> configureDelegate) => Then(inner.ConfigureContainer(configureDelegate));

        private OpeningBuilder Then(IHostBuilder _) => this;
    }

    /// <summary>The factory's host, unchanged except that <see cref="StartAsync"/> opens the gate once the start is under way.</summary>
    private sealed class OpeningHost(IHost inner, TaskCompletionSource gate) : IHost, IAsyncDisposable
    {
        public IServiceProvider Services => inner.Services;

        public Task StartAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                return inner.StartAsync(cancellationToken);
            }
            finally
            {
                // Also when StartAsync throws rather than returning a faulted task: the app must not wait forever.
                gate.TrySetResult();
            }
        }

        public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync()
        {
            if (inner is IAsyncDisposable disposable)
            {
                return disposable.DisposeAsync();
            }

            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
