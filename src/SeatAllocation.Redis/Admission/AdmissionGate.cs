using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SeatAllocation.Redis.Telemetry;
using StackExchange.Redis;

namespace SeatAllocation.Redis.Admission;

/// <summary>
/// The Redis side of <see cref="RedisAdmissionStrategy"/>: runs the scripts, and rebuilds a show's
/// state from the inner strategy's snapshot whenever it is missing, due, or found wrong.
/// </summary>
internal sealed partial class AdmissionGate
{
    /// <summary>The expiry score of a booking: 9999-12-31, in Unix milliseconds ("never").</summary>
    public const long BookedScore = 253_402_300_799_000;

    private readonly IDatabaseAsync _redis;
    private readonly IShowSnapshotSource _truth;
    private readonly RedisAdmissionOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    // Shows whose Redis state this process failed to update (see MarkUnrecorded).
    private readonly ConcurrentDictionary<string, byte> _unrecorded = new(StringComparer.Ordinal);

    public AdmissionGate(IDatabaseAsync redis, IShowSnapshotSource truth, RedisAdmissionOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _redis = redis;
        _truth = truth;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public RedisAdmissionOptions Options => _options;

    /// <summary>Whether an exception means Redis failed (unreachable, timed out, refused), as opposed to a bug or a cancellation.</summary>
    /// <remarks>
    /// StackExchange.Redis 2.13 can also let System.IO.Pipelines' "Writing is not allowed after writer
    /// was completed", or its ArgumentOutOfRangeException from advancing the writer (parameter
    /// 'bytes'), out of a command written while its connection closes (Redis stopped mid-sale), and
    /// Pipelines.Sockets' ConnectionResetException (an <see cref="IOException"/>) out of one whose
    /// connection was reset (each seen in a 2.13.23 run of the mid-sale fault test): that is Redis
    /// failing too, not a reason to fail a request PostgreSQL already decided or could decide without Redis.
    /// </remarks>
    public static bool IsRedisFailure(Exception exception) =>
        exception is RedisException or TimeoutException or IOException
            or InvalidOperationException { Source: "System.IO.Pipelines" }
            or ArgumentOutOfRangeException { Source: "System.IO.Pipelines" };

    public RedisShowKeys KeysOf(string showId) => new(_options.KeyPrefix, showId);

    /// <summary>
    /// Notes that Redis missed a change PostgreSQL made to the show (a release, cancel, commit or
    /// compensation that failed, or an admission whose reply was lost): until a rebuild, Redis may
    /// count seats as taken that are free. The next admission for the show through this process
    /// rebuilds it first, instead of refusing buyers until the periodic reconciliation.
    /// </summary>
    public void MarkUnrecorded(string showId) => _unrecorded.TryAdd(showId, 0);

    /// <summary>Admits or rejects a request; rebuilds the show's state first when it is missing, due, or known to have missed a change.</summary>
    public async Task<GateDecision> AdmitAsync(AllocationRequest request, CancellationToken cancellationToken)
    {
        var keys = KeysOf(request.ShowId);
        if (_unrecorded.TryRemove(request.ShowId, out _))
        {
            try
            {
                await RebuildAsync(request.ShowId, "unrecorded", onlyIfMissing: false, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsRedisFailure(ex) || ex is AllocationOutcomeUnknownException || ex is OperationCanceledException)
            {
                MarkUnrecorded(request.ShowId);
                if (ex is not AllocationOutcomeUnknownException)
                {
                    throw;
                }

                // PostgreSQL could not give the snapshot: admit against the state Redis has (at worst
                // extra refusals), and rebuild on a later request.
            }
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var token = RedisTokens.NewAdmission();
            var call = new AdmitCall(keys, request, token, _timeProvider.GetUtcNow(), _options);
            var reply = (RedisResult[])(await EvaluateAsync(RedisScripts.Admit, call, cancellationToken).ConfigureAwait(false))!;

            switch ((string?)reply[0])
            {
                case "admitted" when reply.Length > 1:
                    var chosen = reply.Skip(2).Select(seat => (string)seat!).ToArray();
                    return Decided(new GateDecision(GateDecisionKind.Admitted, token, ChosenSeatIds: chosen, Together: (long)reply[1] == 1), "admitted");
                case "admitted":
                    return Decided(new GateDecision(GateDecisionKind.Admitted, token), "admitted");
                case "apart":
                    return Decided(GateDecision.NotEnoughTogether, "rejected_not_together");
                case "taken":
                    var taken = reply.Skip(1).Select(position => request.SeatIds[(int)position - 1]).ToArray();
                    return Decided(new GateDecision(GateDecisionKind.Taken, TakenSeatIds: taken), "rejected_taken");
                case "soldout":
                    return Decided(GateDecision.SoldOut, "rejected_sold_out");
                case "known":
                    return Decided(GateDecision.KnownRequest, "known_request");
                case "bypass":
                    return Decided(GateDecision.Bypass, "bypassed"); // named seats on a general-admission show, or a show with a per-user limit
                case "missing":
                    if (!await RebuildAsync(request.ShowId, "missing", onlyIfMissing: true, cancellationToken).ConfigureAwait(false))
                    {
                        return Decided(GateDecision.Bypass, "bypassed"); // no such show: PostgreSQL answers NotFound
                    }

                    break;
                case "stale":
                    await RebuildAsync(request.ShowId, "periodic", onlyIfMissing: false, cancellationToken).ConfigureAwait(false);
                    break;
                case "drifted":
                    // The seat marks kept disagreeing with the leases (a key changed behind the
                    // scripts' back): rebuild, unless a repair ran just now; after three tries the
                    // request goes to PostgreSQL.
                    await RepairDriftAsync(request.ShowId, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw new InvalidOperationException($"The admission script answered '{reply[0]}', which this version does not know.");
            }
        }

        return Decided(GateDecision.Bypass, "bypassed");
    }

    /// <summary>
    /// Records an allocation PostgreSQL made: converts its admission (when there was one), or takes its
    /// seats afresh. Also moves a confirmed hold to "booked".
    /// </summary>
    public Task CommitAsync(Allocation allocation, string? admissionToken, string? requestId, CancellationToken cancellationToken) =>
        EvaluateAsync(RedisScripts.Commit, new CommitCall(KeysOf(allocation.ShowId), allocation, admissionToken, requestId, _timeProvider.GetUtcNow()), cancellationToken);

    /// <summary>Gives back what a token took: an admission PostgreSQL did not commit, or a released hold or cancelled booking.</summary>
    public async Task ReleaseAsync(string showId, string token, string? requestId, CancellationToken cancellationToken)
    {
        var released = (long)(await EvaluateAsync(RedisScripts.Release, new ReleaseCall(KeysOf(showId), token, requestId), cancellationToken).ConfigureAwait(false));
        if (released == 1 && requestId is not null)
        {
            RedisInstruments.Compensations.Add(1);
        }
    }

    /// <summary>
    /// Rebuilds the show after PostgreSQL rejected what Redis admitted — unless another repair of the
    /// show ran within <see cref="RedisAdmissionOptions.DriftRepairCooldown"/>.
    /// </summary>
    public async Task RepairDriftAsync(string showId, CancellationToken cancellationToken)
    {
        // CommandFlags is passed explicitly: in 2.5 (the oldest client the package supports) the
        // (key, value, expiry, when) overload without it does not exist.
        var claimed = _options.DriftRepairCooldown <= TimeSpan.Zero
            || await Timed(_redis.StringSetAsync(KeysOf(showId).RepairClaim, 1, _options.DriftRepairCooldown, When.NotExists, CommandFlags.None), "repair_claim", cancellationToken).ConfigureAwait(false);
        if (claimed)
        {
            await RebuildAsync(showId, "drift", onlyIfMissing: false, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Replaces the show's Redis state with a snapshot of PostgreSQL — only if no commit or release
    /// changed the state between reading its version and the snapshot (otherwise the snapshot could
    /// undo that change); then it tries again, up to three times, and leaves it to the next trigger.
    /// With <paramref name="onlyIfMissing"/>, only when the state is missing (one caller wins). The
    /// version is read then too: commits and releases bump it even while the state is missing, which
    /// is when a flushed or restarted Redis is rebuilt while admitted requests are still committing.
    /// </summary>
    /// <returns><see langword="false"/> when PostgreSQL has no such show.</returns>
    public async Task<bool> RebuildAsync(string showId, string reason, bool onlyIfMissing, CancellationToken cancellationToken)
    {
        var keys = KeysOf(showId);
        var outcome = "skipped";
        for (var attempt = 0; attempt < 3 && outcome == "skipped"; attempt++)
        {
            var version = await Timed(_redis.HashGetAsync(keys.Show, "version"), "read_version", cancellationToken).ConfigureAwait(false);
            var snapshot = await _truth.GetSnapshotAsync(showId, cancellationToken).ConfigureAwait(false);
            if (snapshot is null)
            {
                RedisInstruments.Reconciliations.Add(1, new(RedisInstruments.ReasonTag, reason), new(RedisInstruments.OutcomeTag, "not_found"));
                return false;
            }

            var call = new RebuildCall(keys, version.IsNull ? string.Empty : (string)version!, onlyIfMissing, snapshot);
            var reply = (RedisResult[])(await EvaluateAsync(RedisScripts.Rebuild, call, cancellationToken).ConfigureAwait(false))!;
            outcome = (string?)reply[0] ?? "unknown";
            if (outcome == "rebuilt")
            {
                LogRebuilt(showId, reason, (string?)reply[1], snapshot.Available, snapshot.LiveAllocations.Count);
            }
            else if (outcome == "present")
            {
                outcome = "skipped"; // another caller built it first
                break;
            }
        }

        RedisInstruments.Reconciliations.Add(1, new(RedisInstruments.ReasonTag, reason), new(RedisInstruments.OutcomeTag, outcome));
        return true;
    }

    /// <summary>Runs a script with the operation timeout, counting the round trip.</summary>
    public Task<RedisResult> EvaluateAsync<TCall>(RedisScript<TCall> script, TCall call, CancellationToken cancellationToken)
        where TCall : IRedisScriptCall =>
        Timed(script.EvaluateAsync(_redis, call), script.Name, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rebuilt the Redis admission state of show {ShowId} from PostgreSQL ({Reason}): version {Version}, {Available} available, {Live} live allocations.")]
    private partial void LogRebuilt(string showId, string reason, string? version, int available, int live);

    private static GateDecision Decided(GateDecision decision, string outcome)
    {
        RedisInstruments.Admissions.Add(1, new KeyValuePair<string, object?>(RedisInstruments.OutcomeTag, outcome));
        return decision;
    }

    private async Task<T> Timed<T>(Task<T> call, string name, CancellationToken cancellationToken)
    {
        RedisInstruments.Calls.Add(1, new KeyValuePair<string, object?>(RedisInstruments.ScriptTag, name));
        try
        {
            return await call.WaitAsync(_options.OperationTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The call may still complete in Redis: an admission left behind is given back after
            // AdmissionTimeout, and anything else is corrected by the next rebuild.
            _ = call.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw new TimeoutException($"Redis did not answer '{name}' within {_options.OperationTimeout.TotalMilliseconds:0} ms.", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Nobody cancelled: the client abandoned the command (StackExchange.Redis 2.13 cancels
            // what is in flight when the connection drops). A Redis failure like any other, not the
            // caller's cancellation.
            throw new RedisException($"Redis abandoned '{name}' (the connection was lost).", ex);
        }
    }
}
