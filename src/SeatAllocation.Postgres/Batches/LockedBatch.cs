using Npgsql;
using SeatAllocation.Postgres.Storage;

namespace SeatAllocation.Postgres.Batches;

/// <summary>
/// Decides requests that <c>apply_batch</c> deferred (<see cref="BatchOutcome.Deferred"/>: a
/// best-available proposal was overtaken) in one transaction that holds the show's lock from the read
/// of its free seats to the commit, so the seats proposed from that read are still free when
/// <c>apply_batch</c> checks them: only a writer that takes seats without the show's lock (a lone
/// named-seat request, the optimistic strategy) can overtake them, and <c>apply_batch</c> chooses for
/// those itself, as without this.
/// </summary>
/// <remarks>
/// The lock is held across three round trips (lock and read, <c>apply_batch</c>, <c>COMMIT</c>)
/// instead of one, on this path only. Proposing again from a read without the lock would not do: with
/// several app instances each one's read misses the other's batch in flight, and both propose the
/// best seats left, so one of them is overtaken again, batch after batch. Choosing in
/// <c>apply_batch</c> reads the whole map twice per request under the lock, which cost far more (see
/// CHANGELOG).
/// </remarks>
internal sealed class LockedBatch(PostgresAllocationStore store, ApplyBatchStatement statement, SeatProposals seatProposals)
{
    /// <summary>
    /// Proposes for <paramref name="commands"/> under the show's lock and applies them, in a transaction
    /// on <paramref name="showConnection"/> (the one the batch that deferred them ran on); nothing is deferred.
    /// </summary>
    /// <returns>The proposals made (for the counter) and one answer per command.</returns>
    public async Task<(SeatChoice?[]? Proposals, BatchAnswer[] Answers)> ApplyAsync(ShowConnection showConnection, string showId, AllocationCommand[] commands, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = await showConnection.GetAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        HashSet<string> free;
        await using (var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { store.LockTimeoutCommand(), store.LockShowCommand(showId), store.FreeSeatIdsCommand(showId, now) } })
        {
            await store.PrepareAsync(batch, cancellationToken).ConfigureAwait(false);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            free = await PostgresAllocationStore.ReadFreeSeatIdsAsync(reader, cancellationToken).ConfigureAwait(false);
        }

        var proposals = seatProposals.Propose(showId, commands, free);
        var answers = await statement.ApplyAsync(connection, transaction, showId, commands, proposals, now, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (proposals, answers);
    }
}
