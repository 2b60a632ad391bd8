namespace WebApiSample.Contracts;

/// <summary>One page of <c>GET /shows</c>.</summary>
/// <param name="Shows">The shows, in order of show id.</param>
/// <param name="NextCursor">Pass as <c>?cursor=</c> for the next page; <see langword="null"/> on the last page.</param>
internal sealed record ShowListResponse(IReadOnlyList<ShowResponse> Shows, string? NextCursor);
