using System.Net.Http.Json;
using System.Text.Json;
using SeatAllocation.Soak.Cluster;
using SeatAllocation.Soak.History;

namespace SeatAllocation.Soak.Workload;

/// <summary>Sends one operation to one instance over HTTP and records its invocation and completion.</summary>
public sealed class SoakHttp(HttpClient http, HistoryRecorder history, TimeProvider clock)
{
    public HistoryRecorder History => history;

    public async Task<Operation> SendAsync(Operation template, AppInstance instance, CancellationToken cancellationToken)
    {
        var op = template with { Id = history.NextId(), Strategy = instance.Strategy, Instance = instance.Index, InvokedAt = clock.GetUtcNow() };
        history.Invoked(op);
        Operation done;
        try
        {
            using var request = Build(op, instance.Address);
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            done = Read(op with { Status = status }, text);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            done = op with { Error = ex is TaskCanceledException ? "timeout" : ex.GetType().Name + ": " + ex.Message };
        }

        done = done with { CompletedAt = clock.GetUtcNow() };
        history.Completed(done);
        return done;
    }

    private static HttpRequestMessage Build(Operation op, Uri root)
    {
        var show = Uri.EscapeDataString(op.ShowId);
        var user = Uri.EscapeDataString(op.UserId ?? "");
        var (method, path, body) = op.Kind switch
        {
            OperationKind.CreateShow => (HttpMethod.Post, "shows", (object?)new { showId = op.ShowId, seats = op.Seats, capacity = op.Seats is null ? op.Quantity : null }),
            OperationKind.Hold => (HttpMethod.Post, $"shows/{show}/holds", new { userId = op.UserId, seats = op.Seats, quantity = op.Quantity }),
            OperationKind.Book => (HttpMethod.Post, $"shows/{show}/bookings", new { userId = op.UserId, seats = op.Seats, quantity = op.Quantity }),
            OperationKind.Confirm => (HttpMethod.Post, $"shows/{show}/holds/{op.TargetId}/confirm", new { userId = op.UserId }),
            OperationKind.Release => (HttpMethod.Delete, $"shows/{show}/holds/{op.TargetId}?userId={user}", null),
            OperationKind.Cancel => (HttpMethod.Delete, $"shows/{show}/bookings/{op.TargetId}?userId={user}", null),
            OperationKind.Availability => (HttpMethod.Get, $"shows/{show}", null),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op.Kind, "Unknown operation kind."),
        };
        var request = new HttpRequestMessage(method, new Uri(root, path));
        if (op.Key is not null)
        {
            request.Headers.Add("Idempotency-Key", op.Key);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    private static Operation Read(Operation op, string text)
    {
        if (op.Status is not (200 or 201) || string.IsNullOrWhiteSpace(text))
        {
            return op;
        }

        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            if (op.Kind == OperationKind.Availability)
            {
                return op with { Counts = new ShowCounts(root.GetProperty("capacity").GetInt32(), root.GetProperty("available").GetInt32(), root.GetProperty("held").GetInt32(), root.GetProperty("booked").GetInt32()) };
            }

            var id = root.TryGetProperty("holdId", out var hold) ? hold.GetString() : root.TryGetProperty("bookingId", out var booking) ? booking.GetString() : null;
            var seats = root.TryGetProperty("seats", out var s) ? s.EnumerateArray().Select(e => e.GetString()!).ToList() : null;
            int? quantity = root.TryGetProperty("quantity", out var q) ? q.GetInt32() : null;
            return op with { AllocationId = id, ResultSeats = seats, ResultQuantity = quantity };
        }
        catch (JsonException ex)
        {
            return op with { Error = "unreadable body: " + ex.Message };
        }
    }
}
