namespace SeatAllocation;

/// <summary>
/// Hands out the seats or capacity of shows to concurrent buyers without ever overbooking.
/// Every strategy (in-memory, PostgreSQL pessimistic, PostgreSQL optimistic, Redis admission)
/// implements this one contract, so they are interchangeable.
/// </summary>
/// <remarks>
/// <para>
/// Business outcomes ("seats taken", "hold expired", "not found") are returned as values.
/// Invalid arguments throw <see cref="ArgumentException"/>; infrastructure failures surface as
/// exceptions only after any partial work was rolled back, so a failed call never leaves a partial
/// allocation behind.
/// </para>
/// <para>
/// A hold is pending until it is confirmed (it becomes a booking with the same id), released, or
/// expires; each of those is final. Expired holds count as free everywhere, even before anything
/// cleans them up.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// await strategy.CreateShowAsync(ShowDefinition.Seated("gala", ["A1", "A2", "A3"]));
/// var hold = await strategy.HoldAsync(
///     AllocationRequest.ForSeats("gala", requestId: "order-17", userId: "ada", "A1", "A2"),
///     TimeSpan.FromMinutes(5));
/// if (hold.Succeeded)
/// {
///     var booking = await strategy.ConfirmAsync(new AllocationReference("gala", hold.Allocation!.Id, "ada"));
/// }
/// </code>
/// </example>
public interface IAllocationStrategy
{
    /// <summary>Gets the strategy's name, as used in telemetry (for example <c>pessimistic</c>).</summary>
    string Name { get; }

    /// <summary>Creates a show with named seats (reserved seating) or a capacity (general admission).</summary>
    /// <param name="show">The show to create, with the caller's idempotency key when it has one (<see cref="ShowDefinition.WithRequestId"/>).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>
    /// <see cref="CreateShowResult.Created"/>, or <see cref="CreateShowResult.AlreadyExists"/> when a show with that id exists.
    /// With a request id: <see cref="CreateShowResult.Replayed"/> when that id already created this very show,
    /// and <see cref="CreateShowResult.IdempotencyKeyReused"/> when it created a different one.
    /// </returns>
    Task<CreateShowResult> CreateShowAsync(ShowDefinition show, CancellationToken cancellationToken = default);

    /// <summary>Reads a show's capacity and how much of it is available, held and booked right now.</summary>
    /// <param name="showId">The show's id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The availability, or <see langword="null"/> when the show does not exist.</returns>
    Task<ShowAvailability?> GetAvailabilityAsync(string showId, CancellationToken cancellationToken = default);

    /// <summary>Reserves the requested seats (or quantity) for <paramref name="duration"/>, all or nothing.</summary>
    /// <param name="request">What to reserve, for whom, under which idempotency key.</param>
    /// <param name="duration">How long the hold lasts before its seats become free again.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The hold, or why it could not be made. Replaying a request id returns the original hold.</returns>
    Task<AllocationResult> HoldAsync(AllocationRequest request, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Turns a live hold into a booking (same id, same seats). Confirming a booking again returns it.</summary>
    /// <param name="hold">The hold to confirm; when <see cref="AllocationReference.UserId"/> is set, it must be the holder.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The booking, <see cref="AllocationStatus.HoldExpired"/>, or <see cref="AllocationStatus.NotFound"/>.</returns>
    Task<AllocationResult> ConfirmAsync(AllocationReference hold, CancellationToken cancellationToken = default);

    /// <summary>Makes a live hold last <paramref name="extension"/> longer, within the show's cap on a hold's life.</summary>
    /// <param name="hold">The hold to extend; when <see cref="AllocationReference.UserId"/> is set, it must be the holder.</param>
    /// <param name="extension">How much later the hold expires: more than zero, at most <see cref="AllocationLimits.MaxHoldDuration"/>.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>
    /// The hold with its new <see cref="Allocation.ExpiresAt"/>; <see cref="AllocationStatus.HoldLifetimeCapReached"/>
    /// when the new expiry would be more than <see cref="ShowDefinition.MaxHoldLifetime"/> after the hold was made
    /// (the hold is unchanged); <see cref="AllocationStatus.HoldExpired"/> when it already expired;
    /// <see cref="AllocationStatus.NotFound"/> for an unknown hold, one released or confirmed, or another user's hold.
    /// </returns>
    /// <remarks>
    /// Not idempotent: each successful call moves the expiry again. A caller that repeats a call whose
    /// answer it lost gets a later expiry or the cap, never a second hold.
    /// </remarks>
    Task<AllocationResult> ExtendAsync(AllocationReference hold, TimeSpan extension, CancellationToken cancellationToken = default);

    /// <summary>Releases a live hold so its seats return to the pool. Releasing twice is harmless.</summary>
    /// <param name="hold">The hold to release; when <see cref="AllocationReference.UserId"/> is set, it must be the holder.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>What happened to the hold.</returns>
    Task<ReleaseStatus> ReleaseAsync(AllocationReference hold, CancellationToken cancellationToken = default);

    /// <summary>Books the requested seats (or quantity) directly: a hold and its confirmation in one step, all or nothing.</summary>
    /// <param name="request">What to book, for whom, under which idempotency key.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The booking, or why it could not be made. Replaying a request id returns the original booking.</returns>
    Task<AllocationResult> BookAsync(AllocationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Cancels a booking; its seats return to the pool. Cancelling twice is harmless.</summary>
    /// <param name="booking">The booking to cancel; when <see cref="AllocationReference.UserId"/> is set, it must be the buyer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>What happened to the booking.</returns>
    Task<ReleaseStatus> CancelAsync(AllocationReference booking, CancellationToken cancellationToken = default);
}
