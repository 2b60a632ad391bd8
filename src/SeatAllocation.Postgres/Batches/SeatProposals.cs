using System.Collections.Concurrent;
using SeatAllocation.Postgres.Storage;

namespace SeatAllocation.Postgres.Batches;

/// <summary>
/// Chooses the seats of a batch's best-available requests in the application, from one read of the
/// show's map and free seats, with <see cref="BestAvailableChooser"/> (the in-memory reference
/// itself), and proposes them to <c>apply_batch</c>, which takes a proposal only if its seats are
/// still free under the show's lock and otherwise chooses set-based (migration 5). A request that finds
/// no seats in the read itself is refused from it.
/// </summary>
/// <remarks>
/// Choosing set-based reads the whole map twice per request, under the show's lock: on a
/// 2,000-seat map that made a best-available rush about 150 times slower than the in-memory strategy.
/// One read per batch, outside the lock, and a check of each proposal's seats under it cost far less.
/// Requests are chosen for in batch order, each seeing the seats proposed or named by the ones before
/// it as taken, so proposals in one batch never overlap; what the read could not see (a seat taken
/// after it, an earlier request of the batch choosing any N seats) only sends a request back to the
/// set-based choice, never lets two requests have one seat.
/// <para>
/// A refusal is proposed only when the read itself, without the seats proposed to earlier requests of
/// the batch, has no seats for the request: the answer is then true of the show as it was at the read,
/// which came after the request was made, as a refusal by a read-only transaction would be. Refused
/// set-based instead, each request of a rush's last, fragmented seats read the whole map under the
/// show's lock to learn that no block was left.
/// </para>
/// </remarks>
internal sealed class SeatProposals(PostgresAllocationStore store)
{
    // A show's map never changes once created, so its chooser is kept: later batches read only which
    // seats are free. Bounded like the store's shapes, by forgetting them all at once; a 50,000-seat
    // map's chooser holds a few megabytes.
    private const int MaxCachedMaps = 64;

    private readonly ConcurrentDictionary<string, BestAvailableChooser> _choosers = new(StringComparer.Ordinal);

    /// <summary>
    /// One proposal per command: seats (<see cref="AllocationStatus.Allocated"/>), a refusal
    /// (<see cref="AllocationStatus.Unavailable"/> or <see cref="AllocationStatus.NotEnoughTogether"/>),
    /// or <see langword="null"/> for a command that is not a best-available request, or that only the
    /// seats proposed to earlier requests left without seats (<c>apply_batch</c> decides those itself);
    /// or <see langword="null"/> when no command is a best-available request, or the show has no map.
    /// </summary>
    public async Task<SeatChoice?[]?> ProposeAsync(string showId, IReadOnlyList<AllocationCommand> commands, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!commands.Any(command => command.Request is { IsBestAvailable: true }))
        {
            return null;
        }

        HashSet<string> freeAtRead;
        if (_choosers.TryGetValue(showId, out var chooser))
        {
            freeAtRead = await store.GetFreeSeatIdsAsync(showId, now, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var seats = await store.GetSeatsAsync(showId, now, cancellationToken).ConfigureAwait(false);
            if (seats is not [{ Place: not null }, ..])
            {
                return null; // no show, or no map: apply_batch answers that
            }

            if (_choosers.Count >= MaxCachedMaps)
            {
                _choosers.Clear();
            }

            chooser = _choosers[showId] = new BestAvailableChooser(seats.Select(seat => seat.Place!));
            freeAtRead = seats.Where(seat => seat.Status == SeatStatus.Free).Select(seat => seat.Id).ToHashSet(StringComparer.Ordinal);
        }

        var free = freeAtRead.ToHashSet(StringComparer.Ordinal);
        var proposals = new SeatChoice?[commands.Count];
        for (var i = 0; i < commands.Count; i++)
        {
            switch (commands[i].Request)
            {
                case { IsBestAvailable: true } request:
                    var choice = chooser.Choose(request.Quantity, request.BestAvailableOptions, free.Contains);
                    if (choice.Status == AllocationStatus.Allocated)
                    {
                        proposals[i] = choice;
                        free.ExceptWith(choice.SeatIds);
                    }
                    else
                    {
                        // Refused by the read itself, or only by what earlier requests may take (see the remarks).
                        var atRead = free.Count == freeAtRead.Count ? choice : chooser.Choose(request.Quantity, request.BestAvailableOptions, freeAtRead.Contains);
                        proposals[i] = atRead.Status == AllocationStatus.Allocated ? null : atRead;
                    }

                    break;
                case { IsForSpecificSeats: true } request:
                    free.ExceptWith(request.SeatIds);
                    break;
            }
        }

        return proposals;
    }
}
