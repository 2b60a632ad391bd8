namespace WebApiSample.Tests.Infrastructure;

/// <summary>One seat of <see cref="SeatMapDto"/>: layout fields are absent (null) for plain seat ids.</summary>
public sealed record SeatDto(string Id, string Status, string? Section, string? Row, int? Position, string? Category, bool? Accessible, int? Rank);
