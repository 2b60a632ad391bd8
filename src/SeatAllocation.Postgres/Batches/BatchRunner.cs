using SeatAllocation.Postgres.Resilience;
using SeatAllocation.Postgres.Storage;
using SeatAllocation.Postgres.Telemetry;

namespace SeatAllocation.Postgres.Batches;

/// <summary>
/// Runs commands through <see cref="ApplyBatchStatement"/> and gives each its own answer, whatever
/// happens to the batch: a lock timeout is each hold's, booking's or confirm's <see cref="AllocationStatus.Contended"/>,
/// while a release or cancel (which cannot answer that) is repeated like a transient failure;
/// a failure that one request's data could cause splits the batch in halves, retried in order, so
/// it ends as that request's exception alone; a transient failure (a broken or terminated
/// connection, a timeout) repeats the call through <see cref="TransientRetry"/>, which is safe because
/// <c>apply_batch</c> answers a repeat of a committed request from what it committed; when the
/// repeats run out, every request of the batch fails with <see cref="AllocationOutcomeUnknownException"/>.
/// </summary>
internal sealed class BatchRunner(ApplyBatchStatement statement, SeatProposals seatProposals, LockedBatch lockedBatch, TransientRetry retry, TimeProvider timeProvider, string strategyName)
{
    /// <summary>Applies one command alone, in the caller's async flow, on a pooled connection of its own.</summary>
    public async Task<BatchAnswer> ApplyOneAsync(AllocationCommand command, CancellationToken cancellationToken)
    {
        await using var connection = statement.NewShowConnection();
        return await ApplyOneAsync(connection, command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies one command alone, in the caller's async flow, on <paramref name="connection"/>.</summary>
    private async Task<BatchAnswer> ApplyOneAsync(ShowConnection connection, AllocationCommand command, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var answers = await retry.RunAsync(token => ApplyAsync(connection, command.ShowId, [command], token), command.Describe(), cancellationToken, repeatLockContention: !command.CanBeContended).ConfigureAwait(false);
                return answers[0];
            }
            catch (Exception ex) when (command.CanBeContended && PostgresErrors.IsLockContention(ex))
            {
                return BatchAnswer.Contended;
            }
            catch (Exception ex) when (attempt == 0 && PostgresErrors.IsDuplicateRequest(ex))
            {
                // A writer outside the batch order committed this request id first: again, as a replay.
            }
        }
    }

    /// <summary>A connection for a show's queue to keep across its batches (see <see cref="ShowConnection"/>).</summary>
    public ShowConnection NewShowConnection() => statement.NewShowConnection();

    /// <summary>
    /// Applies a batch of one show's commands in order, on <paramref name="connection"/>, and answers
    /// or fails every one of them; never throws. When the batch went through whole, its answers come
    /// back undelivered, for the caller to give (<see cref="AnsweredBatch.Deliver"/>); otherwise every
    /// command has been answered or failed by the time this returns <see langword="null"/>.
    /// </summary>
    public async Task<AnsweredBatch?> RunAsync(ShowConnection connection, string showId, IReadOnlyList<PendingCommand> batch, bool retried = false)
    {
        try
        {
            var commands = batch.Select(p => p.Command).ToArray();
            var what = commands.Length == 1 ? commands[0].Describe() : $"a batch of {commands.Length} requests on show '{showId}'";
            var answers = await retry.RunAsync(token => ApplyAsync(connection, showId, commands, token), what, CancellationToken.None).ConfigureAwait(false);
            return new AnsweredBatch(batch, answers);
        }
        catch (Exception ex) when (PostgresErrors.IsLockContention(ex))
        {
            // The contended are answered first (a stable order), so they do not wait for the releases
            // and cancels that go again alone.
            foreach (var pending in batch.OrderBy(p => !p.Command.CanBeContended))
            {
                try
                {
                    pending.Answer(await AnswerAfterLockContentionAsync(connection, pending.Command, CancellationToken.None).ConfigureAwait(false));
                }
                catch (Exception alone)
                {
                    pending.Fail(alone);
                }
            }
        }
        catch (Exception ex) when (batch.Count > 1 && PostgresErrors.IsCausedByData(ex))
        {
            var half = batch.Count / 2;
            (await RunAsync(connection, showId, [.. batch.Take(half)]).ConfigureAwait(false))?.Deliver();
            (await RunAsync(connection, showId, [.. batch.Skip(half)]).ConfigureAwait(false))?.Deliver();
        }
        catch (Exception ex) when (batch.Count == 1 && !retried && PostgresErrors.IsDuplicateRequest(ex))
        {
            (await RunAsync(connection, showId, batch, retried: true).ConfigureAwait(false))?.Deliver();
        }
        catch (Exception ex)
        {
            foreach (var pending in batch)
            {
                pending.Fail(ex);
            }
        }

        return null;
    }

    /// <summary>
    /// One attempt: one call of <c>apply_batch</c>, each answer as its own command sees it (see
    /// <see cref="BatchAnswer.AnswerTo"/>); before it, when the batch has best-available requests, one
    /// read of the show's map to propose their seats (see <see cref="SeatProposals"/>). When a proposal
    /// was overtaken, <c>apply_batch</c> commits the requests before it and defers it and the open ones
    /// after it, which then go in order through <see cref="LockedBatch"/> (see <see cref="DecideDeferredAsync"/>).
    /// </summary>
    /// <remarks>
    /// A repeat after a transient failure repeats all of it, which is safe as the class remarks say:
    /// the part already committed is answered from what it committed.
    /// </remarks>
    private async Task<BatchAnswer[]> ApplyAsync(ShowConnection connection, string showId, AllocationCommand[] commands, CancellationToken cancellationToken)
    {
        PostgresInstruments.RecordBatch(strategyName, commands.Length);
        var now = timeProvider.GetUtcNow();
        BatchAnswer[] answers;
        try
        {
            var proposals = await seatProposals.ProposeAsync(connection, showId, commands, now, cancellationToken).ConfigureAwait(false);
            answers = await statement.ApplyAsync(connection, showId, commands, proposals, now, deferOvertaken: proposals is not null, cancellationToken).ConfigureAwait(false);
            SeatProposals.Record(strategyName, proposals, answers);
            if (Array.Exists(answers, answer => answer.Outcome == BatchOutcome.Deferred))
            {
                await DecideDeferredAsync(connection, showId, commands, answers, now, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            // Whatever failed (a broken connection, a timeout, a cancelled read), the connection may be
            // in a state no later batch should meet: it goes back to the pool, and the next call opens another.
            await connection.ReleaseAsync().ConfigureAwait(false);
            throw;
        }

        for (var i = 0; i < answers.Length; i++)
        {
            answers[i] = answers[i].AnswerTo(commands[i]);
        }

        return answers;
    }

    /// <summary>
    /// Decides the deferred commands, in their order, under the show's lock, and puts their answers in
    /// <paramref name="answers"/>. The commands before them have committed by now, so a lock timeout
    /// is these commands' own (see <see cref="AnswerAfterLockContentionAsync"/>).
    /// </summary>
    private async Task DecideDeferredAsync(ShowConnection connection, string showId, AllocationCommand[] commands, BatchAnswer[] answers, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var deferred = Enumerable.Range(0, answers.Length).Where(i => answers[i].Outcome == BatchOutcome.Deferred).ToArray();
        AllocationCommand[] again = [.. deferred.Select(i => commands[i])];
        BatchAnswer[] decided;
        try
        {
            (var proposals, decided) = await lockedBatch.ApplyAsync(connection, showId, again, now, cancellationToken).ConfigureAwait(false);
            SeatProposals.Record(strategyName, proposals, decided);
        }
        catch (Exception ex) when (PostgresErrors.IsLockContention(ex))
        {
            decided = new BatchAnswer[again.Length];
            for (var k = 0; k < again.Length; k++)
            {
                decided[k] = await AnswerAfterLockContentionAsync(connection, again[k], cancellationToken).ConfigureAwait(false);
            }
        }

        for (var k = 0; k < deferred.Length; k++)
        {
            answers[deferred[k]] = decided[k];
        }
    }

    /// <summary>
    /// A command's answer once the call it was in timed out waiting for a lock: <see cref="AllocationStatus.Contended"/>,
    /// or, for a release or cancel (which cannot answer that), the command again alone, waiting out locks.
    /// </summary>
    private async Task<BatchAnswer> AnswerAfterLockContentionAsync(ShowConnection connection, AllocationCommand command, CancellationToken cancellationToken) =>
        command.CanBeContended ? BatchAnswer.Contended : await ApplyOneAsync(connection, command, cancellationToken).ConfigureAwait(false);
}
