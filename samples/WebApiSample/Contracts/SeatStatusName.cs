using System.Text.Json.Serialization;

namespace WebApiSample.Contracts;

/// <summary>A seat's status as <c>GET /shows/{showId}/seats</c> writes it: <c>free</c>, <c>held</c> or <c>booked</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SeatStatusName>))]
internal enum SeatStatusName
{
    /// <summary>Nobody has the seat (a hold on it that expired counts as free).</summary>
    [JsonStringEnumMemberName("free")]
    Free,

    /// <summary>The seat is in a live hold.</summary>
    [JsonStringEnumMemberName("held")]
    Held,

    /// <summary>The seat is booked.</summary>
    [JsonStringEnumMemberName("booked")]
    Booked,
}
