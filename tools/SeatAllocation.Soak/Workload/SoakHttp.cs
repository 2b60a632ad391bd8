using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SeatAllocation.SampleClient;
using SeatAllocation.Soak.Cluster;
using SeatAllocation.Soak.History;

namespace SeatAllocation.Soak.Workload;

/// <summary>
/// Sends one operation to one instance over HTTP, as the operation's user (a bearer token from
/// <c>POST /dev/tokens</c>; shows are created by an organizer), and records its invocation and completion.
/// </summary>
public sealed class SoakHttp(HttpClient http, HistoryRecorder history, TimeProvider clock)
{
    /// <summary>The user who creates the shows, with the organizer role.</summary>
    public const string OrganizerId = "soak-organizer";

    private static readonly string[] OrganizerRoles = ["organizer"];

    private DevelopmentTokenClient? tokens;

    public HistoryRecorder History => history;

    /// <summary>
    /// Fetches every user's token from <paramref name="instance"/> before the faults start: every
    /// instance signs with the same development key, so the tokens are good everywhere, and no
    /// operation later depends on reaching <c>/dev/tokens</c> through a fault.
    /// </summary>
    public async Task SignInAsync(AppInstance instance, IEnumerable<string> users)
    {
        tokens = new DevelopmentTokenClient(http, instance.Address);
        await tokens.GetAsync(OrganizerId, OrganizerRoles).ConfigureAwait(false);
        foreach (var user in users)
        {
            await tokens.GetAsync(user).ConfigureAwait(false);
        }
    }

    public async Task<Operation> SendAsync(Operation template, AppInstance instance, CancellationToken cancellationToken)
    {
        var op = template with { Id = history.NextId(), Strategy = instance.Strategy, Instance = instance.Index, InvokedAt = clock.GetUtcNow() };
        history.Invoked(op);
        Operation done;
        try
        {
            using var request = Build(op, instance.Address);
            request.Headers.Authorization = await AuthorizationAsync(op).ConfigureAwait(false);
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

    /// <summary>The bearer token the operation is sent with: the organizer's for a new show, none for a read, else its user's.</summary>
    private async Task<AuthenticationHeaderValue?> AuthorizationAsync(Operation op)
    {
        if (op.Kind == OperationKind.Availability)
        {
            return null;
        }

        var signedIn = tokens ?? throw new InvalidOperationException("SignInAsync was not called.");
        var token = op.Kind == OperationKind.CreateShow
            ? await signedIn.GetAsync(OrganizerId, OrganizerRoles).ConfigureAwait(false)
            : await signedIn.GetAsync(op.UserId ?? throw new InvalidOperationException($"Operation {op.Id} ({op.Kind}) has no user.")).ConfigureAwait(false);
        return new AuthenticationHeaderValue("Bearer", token);
    }

    private static HttpRequestMessage Build(Operation op, Uri root)
    {
        var show = Uri.EscapeDataString(op.ShowId);
        var (method, path, body) = op.Kind switch
        {
            OperationKind.CreateShow => (HttpMethod.Post, "shows", (object?)new { showId = op.ShowId, seats = op.Seats, capacity = op.Seats is null ? op.Quantity : null }),
            OperationKind.Hold => (HttpMethod.Post, $"shows/{show}/holds", new { seats = op.Seats, quantity = op.Quantity }),
            OperationKind.Book => (HttpMethod.Post, $"shows/{show}/bookings", new { seats = op.Seats, quantity = op.Quantity }),
            OperationKind.Confirm => (HttpMethod.Post, $"shows/{show}/holds/{op.TargetId}/confirm", null),
            OperationKind.Release => (HttpMethod.Delete, $"shows/{show}/holds/{op.TargetId}", null),
            OperationKind.Cancel => (HttpMethod.Delete, $"shows/{show}/bookings/{op.TargetId}", null),
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
