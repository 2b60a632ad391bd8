using System.Net;
using System.Net.Http.Json;
using WebApiSample.Tests.Infrastructure;

namespace WebApiSample.Tests;

/// <summary>
/// Every kind of bad input is a 4xx problem naming the field, never a 5xx, and changes nothing — on
/// every strategy. Each test makes a show with seats A1–A3, where <c>ada</c> holds A3, then sends one
/// bad request (as ada, or as the organizer for <c>POST /shows</c>) and checks the show is exactly as
/// it was. Who the user is comes from the token, not the input: see <c>AuthenticationTests</c>.
/// </summary>
public sealed class BadInputTests(SampleApps apps) : IClassFixture<SampleApps>
{
    private const string Json = "application/json";
    private static readonly string TooLong = new('x', 129);

    /// <summary>The bad requests, by name. Placeholders: {show}, {hold} (ada's hold on A3), {newShow} (a show id not yet used), {tooLong}.</summary>
    private static readonly Dictionary<string, BadInput> Cases = new()
    {
        // Bookings (holds share the body and its validation; a few are repeated for them below).
        ["book: malformed JSON"] = new("POST", "/shows/{show}/bookings", """{"quantity":1,""", HttpStatusCode.BadRequest, "body"),
        ["book: a JSON array instead of an object"] = new("POST", "/shows/{show}/bookings", "[]", HttpStatusCode.BadRequest, "body"),
        ["book: no body"] = new("POST", "/shows/{show}/bookings", null, HttpStatusCode.BadRequest, "body"),
        ["book: neither seats nor quantity"] = new("POST", "/shows/{show}/bookings", """{}""", HttpStatusCode.BadRequest, "seats"),
        ["book: both seats and quantity"] = new("POST", "/shows/{show}/bookings", """{"seats":["A1"],"quantity":1}""", HttpStatusCode.BadRequest, "seats"),
        ["book: quantity 0"] = new("POST", "/shows/{show}/bookings", """{"quantity":0}""", HttpStatusCode.BadRequest, "quantity"),
        ["book: negative quantity"] = new("POST", "/shows/{show}/bookings", """{"quantity":-1}""", HttpStatusCode.BadRequest, "quantity"),
        ["book: absurd quantity"] = new("POST", "/shows/{show}/bookings", """{"quantity":1000001}""", HttpStatusCode.BadRequest, "quantity"),
        ["book: quantity beyond a 32-bit integer"] = new("POST", "/shows/{show}/bookings", """{"quantity":99999999999}""", HttpStatusCode.BadRequest, "quantity"),
        ["book: fractional quantity"] = new("POST", "/shows/{show}/bookings", """{"quantity":1.5}""", HttpStatusCode.BadRequest, "quantity"),
        ["book: quantity as words"] = new("POST", "/shows/{show}/bookings", """{"quantity":"two"}""", HttpStatusCode.BadRequest, "quantity"),
        ["book: empty seat list"] = new("POST", "/shows/{show}/bookings", """{"seats":[]}""", HttpStatusCode.BadRequest, "seats"),
        ["book: duplicate seat ids"] = new("POST", "/shows/{show}/bookings", """{"seats":["A1","A1"]}""", HttpStatusCode.BadRequest, "seats"),
        ["book: blank seat id"] = new("POST", "/shows/{show}/bookings", """{"seats":["A1",""]}""", HttpStatusCode.BadRequest, "seats"),
        ["book: null seat id"] = new("POST", "/shows/{show}/bookings", """{"seats":[null]}""", HttpStatusCode.BadRequest, "seats"),
        ["book: over-long seat id"] = new("POST", "/shows/{show}/bookings", """{"seats":["{tooLong}"]}""", HttpStatusCode.BadRequest, "seats"),
        ["book: seats not a list"] = new("POST", "/shows/{show}/bookings", """{"seats":"A1"}""", HttpStatusCode.BadRequest, "seats"),
        ["book: missing Idempotency-Key"] = new("POST", "/shows/{show}/bookings", """{"quantity":1}""", HttpStatusCode.BadRequest, "Idempotency-Key", Key: null),
        ["book: blank Idempotency-Key"] = new("POST", "/shows/{show}/bookings", """{"quantity":1}""", HttpStatusCode.BadRequest, "Idempotency-Key", Key: " "),
        ["book: over-long Idempotency-Key"] = new("POST", "/shows/{show}/bookings", """{"quantity":1}""", HttpStatusCode.BadRequest, "Idempotency-Key", Key: TooLong),
        ["book: unknown show"] = new("POST", "/shows/{newShow}/bookings", """{"quantity":1}""", HttpStatusCode.NotFound, "showId"),
        ["book: over-long show id"] = new("POST", "/shows/{tooLong}/bookings", """{"quantity":1}""", HttpStatusCode.BadRequest, "showId"),
        ["book: not JSON"] = new("POST", "/shows/{show}/bookings", "quantity=1", HttpStatusCode.UnsupportedMediaType, null, ContentType: "application/x-www-form-urlencoded"),

        ["hold: quantity 0"] = new("POST", "/shows/{show}/holds", """{"quantity":0}""", HttpStatusCode.BadRequest, "quantity"),
        ["hold: duplicate seat ids"] = new("POST", "/shows/{show}/holds", """{"seats":["A2","A2"]}""", HttpStatusCode.BadRequest, "seats"),
        ["hold: missing Idempotency-Key"] = new("POST", "/shows/{show}/holds", """{"quantity":1}""", HttpStatusCode.BadRequest, "Idempotency-Key", Key: null),
        ["hold: unknown show"] = new("POST", "/shows/{newShow}/holds", """{"quantity":1}""", HttpStatusCode.NotFound, "showId"),
        ["hold: malformed JSON"] = new("POST", "/shows/{show}/holds", "{", HttpStatusCode.BadRequest, "body"),

        ["confirm: missing Idempotency-Key"] = new("POST", "/shows/{show}/holds/{hold}/confirm", null, HttpStatusCode.BadRequest, "Idempotency-Key", Key: null),
        ["confirm: over-long hold id"] = new("POST", "/shows/{show}/holds/{tooLong}/confirm", null, HttpStatusCode.BadRequest, "holdId"),
        ["confirm: unknown show"] = new("POST", "/shows/{newShow}/holds/{hold}/confirm", null, HttpStatusCode.NotFound, "holdId"),

        ["release: over-long hold id"] = new("DELETE", "/shows/{show}/holds/{tooLong}", null, HttpStatusCode.BadRequest, "holdId"),
        ["cancel: over-long booking id"] = new("DELETE", "/shows/{show}/bookings/{tooLong}", null, HttpStatusCode.BadRequest, "bookingId"),
        ["cancel: over-long show id"] = new("DELETE", "/shows/{tooLong}/bookings/{hold}", null, HttpStatusCode.BadRequest, "showId"),

        ["show: missing showId"] = new("POST", "/shows", """{"capacity":5}""", HttpStatusCode.BadRequest, "showId"),
        ["show: over-long showId"] = new("POST", "/shows", """{"showId":"{tooLong}","capacity":5}""", HttpStatusCode.BadRequest, "showId"),
        ["show: both seats and capacity"] = new("POST", "/shows", """{"showId":"{newShow}","seats":["A1"],"capacity":5}""", HttpStatusCode.BadRequest, "seats"),
        ["show: neither seats nor capacity"] = new("POST", "/shows", """{"showId":"{newShow}"}""", HttpStatusCode.BadRequest, "seats"),
        ["show: capacity 0"] = new("POST", "/shows", """{"showId":"{newShow}","capacity":0}""", HttpStatusCode.BadRequest, "capacity"),
        ["show: absurd capacity"] = new("POST", "/shows", """{"showId":"{newShow}","capacity":1000001}""", HttpStatusCode.BadRequest, "capacity"),
        ["show: duplicate seat ids"] = new("POST", "/shows", """{"showId":"{newShow}","seats":["A1","A1"]}""", HttpStatusCode.BadRequest, "seats"),
        ["show: missing Idempotency-Key"] = new("POST", "/shows", """{"showId":"{newShow}","capacity":5}""", HttpStatusCode.BadRequest, "Idempotency-Key", Key: null),
        ["show: malformed JSON"] = new("POST", "/shows", """{"showId":"{newShow}",""", HttpStatusCode.BadRequest, "body"),

        // Seat maps, best-available requests, limits and extension (issue 14): refused before any strategy is asked.
        ["show: seats mixing ids and objects"] = new("POST", "/shows", """{"showId":"{newShow}","seats":["A1",{"id":"A2","section":"S","row":"A","position":2}]}""", HttpStatusCode.BadRequest, "seats"),
        ["show: seat object without a position"] = new("POST", "/shows", """{"showId":"{newShow}","seats":[{"id":"A1","section":"S","row":"A"}]}""", HttpStatusCode.BadRequest, "seats"),
        ["show: seat object without an id"] = new("POST", "/shows", """{"showId":"{newShow}","seats":[{"section":"S","row":"A","position":1}]}""", HttpStatusCode.BadRequest, "seats"),
        ["show: seat object with a blank section"] = new("POST", "/shows", """{"showId":"{newShow}","seats":[{"id":"A1","section":" ","row":"A","position":1}]}""", HttpStatusCode.BadRequest, "seats"),
        ["show: seat object with a negative rank"] = new("POST", "/shows", """{"showId":"{newShow}","seats":[{"id":"A1","section":"S","row":"A","position":1,"rank":-1}]}""", HttpStatusCode.BadRequest, "seats"),
        ["show: two seat objects in one place"] = new("POST", "/shows", """{"showId":"{newShow}","seats":[{"id":"A1","section":"S","row":"A","position":1},{"id":"A2","section":"S","row":"A","position":1}]}""", HttpStatusCode.BadRequest, "seats"),
        ["show: seat object position as words"] = new("POST", "/shows", """{"showId":"{newShow}","seats":[{"id":"A1","section":"S","row":"A","position":"one"}]}""", HttpStatusCode.BadRequest, "seats"),
        ["show: a number among the seats"] = new("POST", "/shows", """{"showId":"{newShow}","seats":["A1",2]}""", HttpStatusCode.BadRequest, "seats"),
        ["show: maxSeatsPerUser 0"] = new("POST", "/shows", """{"showId":"{newShow}","capacity":5,"maxSeatsPerUser":0}""", HttpStatusCode.BadRequest, "maxSeatsPerUser"),
        ["show: maxHoldLifetimeSeconds 0"] = new("POST", "/shows", """{"showId":"{newShow}","capacity":5,"maxHoldLifetimeSeconds":0}""", HttpStatusCode.BadRequest, "maxHoldLifetimeSeconds"),
        ["show: maxHoldLifetimeSeconds over a day"] = new("POST", "/shows", """{"showId":"{newShow}","capacity":5,"maxHoldLifetimeSeconds":86401}""", HttpStatusCode.BadRequest, "maxHoldLifetimeSeconds"),
        ["hold: together on a show without a seat map"] = new("POST", "/shows/{show}/holds", """{"quantity":1,"together":true}""", HttpStatusCode.BadRequest, "together"),
        ["book: category on a show without a seat map"] = new("POST", "/shows/{show}/bookings", """{"quantity":1,"category":"Premium"}""", HttpStatusCode.BadRequest, "category"),
        ["hold: section with named seats"] = new("POST", "/shows/{show}/holds", """{"seats":["A1"],"section":"Stalls"}""", HttpStatusCode.BadRequest, "section"),
        ["hold: together as words"] = new("POST", "/shows/{show}/holds", """{"quantity":1,"together":"yes"}""", HttpStatusCode.BadRequest, "together"),
        ["extend: no seconds"] = new("POST", "/shows/{show}/holds/{hold}/extend", """{}""", HttpStatusCode.BadRequest, "seconds"),
        ["extend: seconds 0"] = new("POST", "/shows/{show}/holds/{hold}/extend", """{"seconds":0}""", HttpStatusCode.BadRequest, "seconds"),
        ["extend: seconds over a day"] = new("POST", "/shows/{show}/holds/{hold}/extend", """{"seconds":86401}""", HttpStatusCode.BadRequest, "seconds"),
        ["extend: seconds as words"] = new("POST", "/shows/{show}/holds/{hold}/extend", """{"seconds":"ten"}""", HttpStatusCode.BadRequest, "seconds"),
        ["extend: malformed JSON"] = new("POST", "/shows/{show}/holds/{hold}/extend", "{", HttpStatusCode.BadRequest, "body"),
        ["extend: over-long hold id"] = new("POST", "/shows/{show}/holds/{tooLong}/extend", """{"seconds":10}""", HttpStatusCode.BadRequest, "holdId"),
    };

    public static TheoryData<string, string> All => Strategies.Crossed(Cases.Keys);

    [Theory]
    [MemberData(nameof(All))]
    public async Task Bad_input_is_a_4xx_problem_naming_the_field_and_changes_nothing(string strategy, string input)
    {
        var bad = Cases[input];
        var client = (await apps.GetAsync(strategy)).CreateSeatsClient();
        var ada = client.As("ada");
        var showId = await client.CreateSeatedShowAsync(3);
        using var held = await ada.HoldAsync(showId, new { seats = new[] { "A3" } }, SeatsClient.NewKey());
        var hold = (await held.Content.ReadFromJsonAsync<HoldDto>())!;
        var newShowId = SeatsClient.NewShowId("never-created");
        var before = await client.ReadShowAsync(showId);

        string Fill(string text) => text
            .Replace("{show}", showId, StringComparison.Ordinal)
            .Replace("{hold}", hold.HoldId, StringComparison.Ordinal)
            .Replace("{newShow}", newShowId, StringComparison.Ordinal)
            .Replace("{tooLong}", TooLong, StringComparison.Ordinal);

        var sender = bad.Path == "/shows" ? client : ada;
        using var response = await sender.SendRawAsync(
            new HttpMethod(bad.Method),
            Fill(bad.Path),
            bad.Body is null ? null : Fill(bad.Body),
            bad.ContentType,
            bad.Key is null ? null : Fill(bad.Key));

        await Problem.AssertAsync(response, bad.Status, bad.Field);
        Assert.Equal(before, await client.ReadShowAsync(showId));
        using var newShow = await client.GetShowAsync(newShowId);
        Assert.Equal(HttpStatusCode.NotFound, newShow.StatusCode);
    }

    /// <summary>One bad request and the problem it must get.</summary>
    public sealed record BadInput(string Method, string Path, string? Body, HttpStatusCode Status, string? Field, string? Key = "{newShow}-key", string ContentType = Json);
}
