using System.Diagnostics;

namespace SeatAllocation;

/// <summary>
/// Base class for strategies: validates arguments, traces and measures every operation, then calls
/// the strategy's <c>…CoreAsync</c> method. Derive from it to write a strategy; consume strategies
/// through <see cref="IAllocationStrategy"/>.
/// </summary>
/// <remarks>
/// <para>
/// Requests validate themselves when constructed, so a derived class receives only well-formed
/// input. Outcomes are tagged on the <c>seatallocation.requests</c> counter and
/// <c>seatallocation.request.duration</c> histogram; exceptions are tagged <c>error</c>.
/// </para>
/// <para>
/// A request is measured once, by the strategy the application called. A strategy that a decorator
/// such as the Redis admission gate calls while deciding the decorator's request (the inner
/// strategy) is not counted again on those two instruments; it still traces its own activity, a
/// child of the decorator's.
/// </para>
/// </remarks>
public abstract class AllocationStrategy : IAllocationStrategy
{
    // The strategy whose operation is running in this async flow: a strategy called inside it is
    // an inner strategy and does not count the request a second time.
    private static readonly AsyncLocal<AllocationStrategy?> Observing = new();

    /// <summary>Initializes the strategy.</summary>
    /// <param name="name">The strategy's name in telemetry, such as <c>pessimistic</c>.</param>
    /// <param name="timeProvider">The clock that decides when holds expire; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    protected AllocationStrategy(string name, TimeProvider? timeProvider)
    {
        Name = AllocationLimits.ThrowIfInvalidId(name);
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Gets the clock that decides when holds expire.</summary>
    protected TimeProvider TimeProvider { get; }

    /// <inheritdoc />
    public Task<CreateShowResult> CreateShowAsync(ShowDefinition show, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(show);
        return ObserveAsync("create_show", show.ShowId, () => CreateShowCoreAsync(show, cancellationToken), OutcomeOf);
    }

    /// <inheritdoc />
    public Task<ShowAvailability?> GetAvailabilityAsync(string showId, CancellationToken cancellationToken = default)
    {
        AllocationLimits.ThrowIfInvalidId(showId);
        return ObserveAsync("get_availability", showId, () => GetAvailabilityCoreAsync(showId, cancellationToken), static r => r is null ? "not_found" : "found");
    }

    /// <inheritdoc />
    public Task<AllocationResult> HoldAsync(AllocationRequest request, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        AllocationLimits.ThrowIfInvalidHoldDuration(duration);
        return ObserveAsync("hold", request.ShowId, () => HoldCoreAsync(request, duration, cancellationToken), OutcomeOf);
    }

    /// <inheritdoc />
    public Task<AllocationResult> ConfirmAsync(AllocationReference hold, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hold);
        return ObserveAsync("confirm", hold.ShowId, () => ConfirmCoreAsync(hold, cancellationToken), OutcomeOf);
    }

    /// <inheritdoc />
    public Task<AllocationResult> ExtendAsync(AllocationReference hold, TimeSpan extension, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hold);
        AllocationLimits.ThrowIfInvalidHoldDuration(extension);
        return ObserveAsync("extend", hold.ShowId, () => ExtendCoreAsync(hold, extension, cancellationToken), OutcomeOf);
    }

    /// <inheritdoc />
    public Task<ReleaseStatus> ReleaseAsync(AllocationReference hold, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hold);
        return ObserveAsync("release", hold.ShowId, () => ReleaseCoreAsync(hold, cancellationToken), OutcomeOf);
    }

    /// <inheritdoc />
    public Task<AllocationResult> BookAsync(AllocationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ObserveAsync("book", request.ShowId, () => BookCoreAsync(request, cancellationToken), OutcomeOf);
    }

    /// <inheritdoc />
    public Task<ReleaseStatus> CancelAsync(AllocationReference booking, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(booking);
        return ObserveAsync("cancel", booking.ShowId, () => CancelCoreAsync(booking, cancellationToken), OutcomeOf);
    }

    /// <summary>Creates the show. <paramref name="show"/> is valid.</summary>
    /// <param name="show">The show to create.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Whether the show was created.</returns>
    protected abstract Task<CreateShowResult> CreateShowCoreAsync(ShowDefinition show, CancellationToken cancellationToken);

    /// <summary>Reads the show's availability. <paramref name="showId"/> is valid.</summary>
    /// <param name="showId">The show's id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The availability, or <see langword="null"/> for an unknown show.</returns>
    protected abstract Task<ShowAvailability?> GetAvailabilityCoreAsync(string showId, CancellationToken cancellationToken);

    /// <summary>Holds seats. Arguments are valid.</summary>
    /// <param name="request">The request.</param>
    /// <param name="duration">The hold's time to live.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The outcome.</returns>
    protected abstract Task<AllocationResult> HoldCoreAsync(AllocationRequest request, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Confirms a hold. Arguments are valid.</summary>
    /// <param name="hold">The hold.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The outcome.</returns>
    protected abstract Task<AllocationResult> ConfirmCoreAsync(AllocationReference hold, CancellationToken cancellationToken);

    /// <summary>Extends a live hold. Arguments are valid.</summary>
    /// <param name="hold">The hold.</param>
    /// <param name="extension">How much later it expires.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The outcome.</returns>
    protected abstract Task<AllocationResult> ExtendCoreAsync(AllocationReference hold, TimeSpan extension, CancellationToken cancellationToken);

    /// <summary>Releases a hold. Arguments are valid.</summary>
    /// <param name="hold">The hold.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The outcome.</returns>
    protected abstract Task<ReleaseStatus> ReleaseCoreAsync(AllocationReference hold, CancellationToken cancellationToken);

    /// <summary>Books seats. Arguments are valid.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The outcome.</returns>
    protected abstract Task<AllocationResult> BookCoreAsync(AllocationRequest request, CancellationToken cancellationToken);

    /// <summary>Cancels a booking. Arguments are valid.</summary>
    /// <param name="booking">The booking.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The outcome.</returns>
    protected abstract Task<ReleaseStatus> CancelCoreAsync(AllocationReference booking, CancellationToken cancellationToken);

    /// <summary>Counts an attempt repeated after losing a race while seats were still free.</summary>
    /// <param name="operation">The operation being retried, such as <c>hold</c>.</param>
    protected void RecordRetry(string operation) =>
        AllocationInstruments.Retries.Add(1, new(AllocationInstruments.StrategyTag, Name), new(AllocationInstruments.OperationTag, operation));

    /// <summary>Counts a race lost to a concurrent writer.</summary>
    /// <param name="operation">The operation that lost, such as <c>book</c>.</param>
    protected void RecordConflict(string operation) =>
        AllocationInstruments.Conflicts.Add(1, new(AllocationInstruments.StrategyTag, Name), new(AllocationInstruments.OperationTag, operation));

    private static string OutcomeOf(CreateShowResult result) => result switch
    {
        CreateShowResult.Created => "created",
        CreateShowResult.AlreadyExists => "already_exists",
        CreateShowResult.Replayed => "replayed",
        CreateShowResult.IdempotencyKeyReused => "idempotency_key_reused",
        _ => throw new UnreachableException($"No outcome for {result}."),
    };

    private static string OutcomeOf(AllocationResult result) => result.Status switch
    {
        AllocationStatus.Allocated => result.IsReplay ? "replayed" : "allocated",
        AllocationStatus.Unavailable => "unavailable",
        AllocationStatus.HoldExpired => "hold_expired",
        AllocationStatus.NotFound => "not_found",
        AllocationStatus.IdempotencyKeyReused => "idempotency_key_reused",
        AllocationStatus.Contended => "contended",
        AllocationStatus.NotEnoughTogether => "not_enough_together",
        AllocationStatus.PerUserLimitReached => "per_user_limit",
        AllocationStatus.HoldLifetimeCapReached => "hold_lifetime_cap",
        _ => "unknown",
    };

    private static string OutcomeOf(ReleaseStatus status) => status switch
    {
        ReleaseStatus.Released => "released",
        ReleaseStatus.NotFound => "not_found",
        ReleaseStatus.HoldExpired => "hold_expired",
        _ => "unknown",
    };

    private async Task<T> ObserveAsync<T>(string operation, string showId, Func<Task<T>> work, Func<T, string> outcomeOf)
    {
        if (!AllocationInstruments.Requests.Enabled && !AllocationInstruments.Duration.Enabled && !AllocationInstruments.ActivitySource.HasListeners())
        {
            return await work().ConfigureAwait(false);
        }

        var measured = Observing.Value is null;
        Observing.Value = this;
        using var activity = AllocationInstruments.ActivitySource.StartActivity($"seatallocation.{operation}");
        activity?.SetTag(AllocationInstruments.StrategyTag, Name);
        activity?.SetTag(AllocationInstruments.ShowTag, showId);
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            var result = await work().ConfigureAwait(false);
            outcome = outcomeOf(result);
            return result;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
        finally
        {
            activity?.SetTag(AllocationInstruments.OutcomeTag, outcome);
            if (measured)
            {
                RecordRequest(operation, outcome, started);
            }
        }
    }

    private void RecordRequest(string operation, string outcome, long started)
    {
        var tags = new TagList
        {
            { AllocationInstruments.StrategyTag, Name },
            { AllocationInstruments.OperationTag, operation },
            { AllocationInstruments.OutcomeTag, outcome },
        };
        AllocationInstruments.Requests.Add(1, tags);
        AllocationInstruments.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
    }
}
