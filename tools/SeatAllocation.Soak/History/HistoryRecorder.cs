using System.Text.Json;
using System.Text.Json.Serialization;

namespace SeatAllocation.Soak.History;

/// <summary>
/// Keeps every completed operation in memory and writes every invocation and completion, and every
/// fault, as JSON lines, so a failed run can be read afterwards.
/// </summary>
public sealed class HistoryRecorder : IAsyncDisposable
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly Lock sync = new();
    private readonly List<Operation> operations = [];
    private readonly List<FaultEvent> faults = [];
    private readonly StreamWriter? writer;
    private long nextId;

    public HistoryRecorder(string? path)
    {
        if (path is not null)
        {
            writer = new StreamWriter(path, append: false) { AutoFlush = false };
        }
    }

    public long NextId() => Interlocked.Increment(ref nextId);

    public IReadOnlyList<Operation> Operations
    {
        get
        {
            lock (sync)
            {
                return [.. operations];
            }
        }
    }

    public IReadOnlyList<FaultEvent> Faults
    {
        get
        {
            lock (sync)
            {
                return [.. faults];
            }
        }
    }

    public void Invoked(Operation operation) => Write("invoke", operation);

    public void Completed(Operation operation)
    {
        lock (sync)
        {
            operations.Add(operation);
        }

        Write("complete", operation);
    }

    public void Fault(FaultEvent fault)
    {
        lock (sync)
        {
            faults.Add(fault);
        }

        Write("fault", fault);
    }

    public async ValueTask DisposeAsync()
    {
        if (writer is not null)
        {
            await writer.FlushAsync().ConfigureAwait(false);
            await writer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Write<T>(string type, T value)
    {
        if (writer is null)
        {
            return;
        }

        var line = $"{{\"type\":\"{type}\",\"event\":{JsonSerializer.Serialize(value, Json)}}}";
        lock (sync)
        {
            writer.WriteLine(line);
        }
    }
}
