using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;

namespace SeatAllocation.Servers;

/// <summary>
/// Reads <see cref="TestServerMode"/> from <c>SEATALLOCATION_TEST_SERVERS</c> and says which server
/// each fixture took, so a test run's output shows whether it ran against containers or local binaries.
/// </summary>
public static class TestServerChoice
{
    /// <summary>The environment variable choosing the <see cref="TestServerMode"/>: <c>auto</c> (default), <c>docker</c> or <c>local</c>.</summary>
    public const string ModeVariable = "SEATALLOCATION_TEST_SERVERS";

    /// <summary>
    /// The mode the environment asks for. Throws <see cref="InvalidOperationException"/> on a value
    /// other than <c>auto</c>, <c>docker</c> or <c>local</c>, so a typo cannot quietly mean "auto".
    /// </summary>
    public static TestServerMode Mode
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(ModeVariable)?.Trim();
            return value?.ToUpperInvariant() switch
            {
                null or "" or "AUTO" => TestServerMode.Auto,
                "DOCKER" => TestServerMode.Docker,
                "LOCAL" => TestServerMode.Local,
                _ => throw new InvalidOperationException($"{ModeVariable} is '{value}'; it must be auto, docker or local (or unset, which means auto)."),
            };
        }
    }

    /// <summary>The mode as written in <c>SEATALLOCATION_TEST_SERVERS</c>, for messages.</summary>
    internal static string Describe(TestServerMode mode) => $"{ModeVariable}=" + mode switch
    {
        TestServerMode.Docker => "docker",
        TestServerMode.Local => "local",
        _ => "auto",
    };

    /// <summary>Writes one line about the chosen server to standard error (shown by <c>dotnet test</c> and the harnesses).</summary>
    internal static void Report(string line) => Console.Error.WriteLine("SeatAllocation.Servers: " + line);

    /// <summary>
    /// What to try when Docker is unavailable or a container does not start, appended to the failure:
    /// the settings this project's CI needed against Debian's Docker 20.10 with no image registry.
    /// </summary>
    internal static string DockerHints =>
        "Hints: an engine older than the client's default API needs DOCKER_API_VERSION (e.g. 1.41 for Docker 20.10); " +
        "without access to an image registry, build local images with eng/docker-images.sh and set " +
        "SEATALLOCATION_POSTGRES_IMAGE / SEATALLOCATION_REDIS_IMAGE, and set TESTCONTAINERS_RYUK_DISABLED=true; " +
        $"or set {ModeVariable}=local to use the local binaries.";

    /// <summary>
    /// Why a container did not start, in one line: for an unreachable engine the underlying cause
    /// (no socket, refused, an API version the engine does not speak) rather than Testcontainers'
    /// generic advice.
    /// </summary>
    /// <summary>
    /// Starts a container through <paramref name="start"/>, or returns null (in
    /// <see cref="TestServerMode.Auto"/>) when Docker is unreachable or the container does not start,
    /// said on standard error. In <see cref="TestServerMode.Docker"/> either fails.
    /// </summary>
    /// <param name="server">What the container runs, for the messages: "PostgreSQL" or "Redis".</param>
    /// <param name="image">The image it runs, for the messages.</param>
    /// <param name="start">Starts the container.</param>
    /// <param name="mode">The mode the tests run in.</param>
    internal static async Task<T?> TryStartContainerAsync<T>(string server, string image, Func<Task<T>> start, TestServerMode mode)
        where T : class
    {
        try
        {
            return await start().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever keeps the container from starting: fall back in auto mode, fail in docker mode.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var problem = $"Could not start a {server} container ({image}) with Testcontainers: {DescribeFailure(ex)}";
            if (mode == TestServerMode.Docker)
            {
                throw new InvalidOperationException(
                    $"{problem}{Environment.NewLine}{ModeVariable}=docker, so the tests do not fall back to the local binaries.{Environment.NewLine}{DockerHints}",
                    ex);
            }

            Report($"{server}: no container, using the local binaries. {problem}");
            return null;
        }
    }

    internal static string DescribeFailure(Exception exception)
    {
        if (exception is not DockerUnavailableException)
        {
            return $"{exception.GetType().Name}: {exception.Message.Trim()}".ReplaceLineEndings(" ");
        }

        // Testcontainers wraps one "Failed to connect to Docker endpoint at '…'." per endpoint it tried.
        var endpoint = (exception.InnerException as AggregateException)?.InnerExceptions.FirstOrDefault()?.Message.Trim();
        return $"Docker is not reachable: {endpoint ?? exception.Message.Trim()} ({exception.GetBaseException().Message.Trim()})".ReplaceLineEndings(" ");
    }

    /// <summary>True when the Testcontainers resource reaper is off, so nothing removes a container this process leaves behind but this process.</summary>
    internal static bool ReaperDisabled => !TestcontainersSettings.ResourceReaperEnabled;
}
