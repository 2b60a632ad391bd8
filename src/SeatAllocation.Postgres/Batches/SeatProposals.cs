using System.Collections.Concurrent;
using SeatAllocation.Postgres.Storage;
using SeatAllocation.Postgres.Telemetry;

namespace SeatAllocation.Postgres.Batches;

/// <summary>
/// Chooses the seats of a batch's best-available requests in the application, from one read of the
/// show's map and free seats, with <see cref="BestAvailableChooser"/> (the in-memory reference
/// itself), and proposes them to <c>apply_batch</c>, which takes a proposal only if its seats are
/// still free under the show's lock. A request that finds no seats is refused from the read. A
/// proposal overtaken since the read (another app instance's batch took a seat of it) ends its batch
/// there: the requests before it commit, and it and the ones after it are proposed again from a read
/// under the show's lock (<see cref="LockedBatch"/>); only a seat locked by a writer outside that lock
/// leaves the choice to <c>apply_batch</c>, set-based (migration 5).
/// </summary>
/// <remarks>
/// <para>
/// Choosing set-based reads the whole map twice per request, under the show's lock: on a
/// 2,000-seat map the published benchmark report at 9a9b6af measured a best-available rush at
/// 38–63 requests/s on PostgreSQL against the in-memory strategy's 8,894/s.
/// One read per batch, outside the lock, and a check of each proposal's seats under it cost far less.
/// Requests are chosen for in batch order, each seeing the seats proposed or named by the ones before
/// it as taken, so proposals in one batch never overlap; what the read could not see (a seat taken
/// after it, an earlier request of the batch choosing any N seats) only sends a request back for a
/// new proposal, never lets two requests have one seat.
/// </para>
/// <para>
/// A refusal is proposed too, and <c>apply_batch</c> answers it when every request before it in the
/// batch that named seats or was proposed some took exactly those: the refusal is then true of the
/// show as it was at the read, which came after the request was made, plus what those requests took
/// (what else the batch did, the read did not count on: another request taking seats leaves fewer,
/// and a release is a concurrent request ordered after it). Otherwise the request is proposed for
/// again under the show's lock, like an overtaken proposal. Refused set-based instead, each request of a rush's last, fragmented seats read the
/// whole map under the show's lock to learn that no block was left.
/// </para>
/// </remarks>
internal sealed class SeatProposals(PostgresAllocationStore store)
{
    // A show's map never changes once created (and a show is never removed or renamed: migration 6),
    // so its chooser is kept: later batches read only which seats are free. Bounded like the store's shapes, by forgetting them all at once; a 50,000-seat
    // map's chooser holds a few megabytes.
    private const int MaxCachedMaps = 64;

    private readonly ConcurrentDictionary<string, BestAvailableChooser> _choosers = new(StringComparer.Ordinal);

    /// <summary>
    /// One proposal per command: seats (<see cref="AllocationStatus.Allocated"/>), a refusal
    /// (<see cref="AllocationStatus.Unavailable"/> or <see cref="AllocationStatus.NotEnoughTogether"/>),
    /// or <see langword="null"/> for a command that is not a best-available request; or
    /// <see langword="null"/> when no command is a best-available request, or the show has no map.
    /// </summary>
    /// <remarks>The show's map and free seats are read on <paramref name="connection"/>, the one the batch then runs on.</remarks>
    public async Task<SeatChoice?[]?> ProposeAsync(ShowConnection connection, string showId, IReadOnlyList<AllocationCommand> commands, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!commands.Any(command => command.Request is { IsBestAvailable: true }))
        {
            return null;
        }

        var open = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        HashSet<string> free;
        if (_choosers.TryGetValue(showId, out var chooser))
        {
            free = await store.GetFreeSeatIdsAsync(showId, now, open, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var seats = await store.GetSeatsAsync(showId, now, open, cancellationToken).ConfigureAwait(false);
            if (seats is not [{ Place: not null }, ..])
            {
                return null; // no show, or no map: apply_batch answers that
            }

            if (_choosers.Count >= MaxCachedMaps)
            {
                _choosers.Clear();
            }

            chooser = _choosers[showId] = new BestAvailableChooser(seats.Select(seat => seat.Place!));
            free = seats.Where(seat => seat.Status == SeatStatus.Free).Select(seat => seat.Id).ToHashSet(StringComparer.Ordinal);
        }

        return Propose(chooser, commands, free);
    }

    /// <summary>
    /// As <see cref="ProposeAsync"/>, from <paramref name="free"/>, the show's free seats read by the
    /// caller (under the show's lock: <see cref="LockedBatch"/>); <see langword="null"/> when the show's
    /// map is not known here, which only a show whose batches ran through <see cref="ProposeAsync"/> is.
    /// </summary>
    public SeatChoice?[]? Propose(string showId, IReadOnlyList<AllocationCommand> commands, HashSet<string> free) =>
        commands.Any(command => command.Request is { IsBestAvailable: true }) && _choosers.TryGetValue(showId, out var chooser)
            ? Propose(chooser, commands, free)
            : null;

    private static SeatChoice?[] Propose(BestAvailableChooser chooser, IReadOnlyList<AllocationCommand> commands, HashSet<string> free)
    {
        var proposals = new SeatChoice?[commands.Count];
        for (var i = 0; i < commands.Count; i++)
        {
            switch (commands[i].Request)
            {
                case { IsBestAvailable: true } request:
                    var choice = proposals[i] = chooser.Choose(request.Quantity, request.BestAvailableOptions, free.Contains);
                    free.ExceptWith(choice.SeatIds);
                    break;
                case { IsForSpecificSeats: true } request:
                    free.ExceptWith(request.SeatIds);
                    break;
            }
        }

        return proposals;
    }

    /// <summary>Counts what became of each proposal (<c>seatallocation.postgres.seat_proposals</c>) from <c>apply_batch</c>'s answers.</summary>
    public static void Record(string strategyName, SeatChoice?[]? proposals, BatchAnswer[] answers)
    {
        for (var i = 0; proposals is not null && i < proposals.Length; i++)
        {
            var outcome = (proposals[i], answers[i]) switch
            {
                (not null, { Outcome: BatchOutcome.Deferred }) => "proposed_again",
                ({ Status: AllocationStatus.Allocated } proposed, { Outcome: BatchOutcome.Allocated } answer) =>
                    answer.Allocation!.SeatIds.Order(StringComparer.Ordinal).SequenceEqual(proposed.SeatIds.Order(StringComparer.Ordinal)) ? "taken" : "chosen_again",
                ({ Status: AllocationStatus.Allocated }, { Outcome: BatchOutcome.Unavailable or BatchOutcome.NotEnoughTogether or BatchOutcome.Contended }) => "chosen_again",
                ({ Status: not AllocationStatus.Allocated }, { Outcome: BatchOutcome.Unavailable or BatchOutcome.NotEnoughTogether }) => "refused",
                ({ Status: not AllocationStatus.Allocated }, { Outcome: BatchOutcome.Allocated }) => "chosen_again", // an earlier proposal was overtaken
                _ => null, // no proposal, or answered before seats were looked at (a replay, a limit)
            };
            if (outcome is not null)
            {
                PostgresInstruments.RecordSeatProposal(strategyName, outcome);
            }
        }
    }
}
