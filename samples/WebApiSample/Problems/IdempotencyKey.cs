namespace WebApiSample.Problems;

/// <summary>The <c>Idempotency-Key</c> request header and the <c>Idempotent-Replayed</c> response header.</summary>
/// <remarks>
/// The key is passed to the library as the request id, so the library's idempotency (one request id,
/// at most one allocation, scoped to the show) is the HTTP API's idempotency: no second store, no
/// race between "seen this key?" and "book".
/// Endpoints take the header as <c>[Required] string?</c>: <c>Required</c> marks it required in the
/// OpenAPI document, and the nullable type lets a missing header reach the library's validation,
/// which rejects it by name like any other invalid id.
/// </remarks>
internal static class IdempotencyKey
{
    /// <summary>The request header every state-changing <c>POST</c> requires.</summary>
    public const string HeaderName = "Idempotency-Key";

    /// <summary>Set to <c>true</c> on a response that replays the outcome of an earlier request with the same key.</summary>
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    /// <summary>Marks <paramref name="response"/> as a replay when it is one.</summary>
    public static void MarkReplay(HttpResponse response, bool isReplay)
    {
        if (isReplay)
        {
            response.Headers[ReplayedHeaderName] = "true";
        }
    }
}
