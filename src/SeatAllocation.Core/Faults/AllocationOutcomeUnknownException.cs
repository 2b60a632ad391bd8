namespace SeatAllocation;

/// <summary>
/// The strategy could not learn whether a hold, booking, confirm, release or cancel took effect: the
/// store failed transiently (a dropped connection, a timeout, an exhausted pool, a restarting server)
/// and the strategy's own bounded retries did not get an answer. Replay the call with the same
/// request id (holds and bookings) or the same allocation id (confirm, release, cancel); the replay
/// returns what happened, and never allocates twice.
/// </summary>
/// <remarks>
/// <para>
/// It is the only exception a strategy throws for a transient infrastructure failure; business
/// outcomes are results, and invalid arguments throw <see cref="ArgumentException"/>. The original
/// failure is the <see cref="Exception.InnerException"/>. The call may have committed (the connection
/// died while the commit was in flight) or not (the failure came before anything was sent); the
/// replay tells which. An HTTP front end should answer it as <c>503 Service Unavailable</c> with
/// <c>Retry-After</c>, asking the client to repeat the request with the same idempotency key.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// try
/// {
///     result = await strategy.BookAsync(request, cancellationToken);
/// }
/// catch (AllocationOutcomeUnknownException)
/// {
///     // Later, or at once: the same request id answers what happened, as a replay if it committed.
///     result = await strategy.BookAsync(request, cancellationToken);
/// }
/// </code>
/// </example>
public sealed class AllocationOutcomeUnknownException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public AllocationOutcomeUnknownException()
        : this("The outcome of the allocation call is unknown: replay it with the same request id.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, and what to replay.</param>
    public AllocationOutcomeUnknownException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, and what to replay.</param>
    /// <param name="innerException">The transient failure.</param>
    public AllocationOutcomeUnknownException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
