using SeatAllocation.Postgres.Storage;
using SeatAllocation.Postgres.Telemetry;

namespace SeatAllocation.Postgres.Batches;

/// <summary>
/// Runs commands through <see cref="ApplyBatchStatement"/> and gives each its own answer, whatever
/// happens to the batch: a lock timeout is each request's <see cref="AllocationStatus.Contended"/>;
/// a failure that one request's data could cause splits the batch in halves, retried in order, so
/// it ends as that request's exception alone; a broken connection fails every request of the
/// batch, which committed nothing (the function is one statement).
/// </summary>
internal sealed class BatchRunner(ApplyBatchStatement statement, TimeProvider timeProvider, string strategyName)
{
    /// <summary>Applies one command alone, in the caller's async flow.</summary>
    public async Task<BatchAnswer> ApplyOneAsync(AllocationCommand command, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                PostgresInstruments.RecordBatch(strategyName, 1);
                return (await statement.ApplyAsync(command.ShowId, [command], timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false))[0];
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

    /// <summary>Applies a batch of one show's commands in order and answers or fails every one of them; never throws.</summary>
    public async Task RunAsync(string showId, IReadOnlyList<PendingCommand> batch, bool retried = false)
    {
        try
        {
            PostgresInstruments.RecordBatch(strategyName, batch.Count);
            var answers = await statement.ApplyAsync(showId, [.. batch.Select(p => p.Command)], timeProvider.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Answer(answers[i]);
            }
        }
        catch (Exception ex) when (PostgresErrors.IsLockContention(ex))
        {
            foreach (var pending in batch)
            {
                if (pending.Command.CanBeContended)
                {
                    pending.Answer(BatchAnswer.Contended);
                }
                else
                {
                    pending.Fail(ex);
                }
            }
        }
        catch (Exception ex) when (batch.Count > 1 && PostgresErrors.IsCausedByData(ex))
        {
            var half = batch.Count / 2;
            await RunAsync(showId, [.. batch.Take(half)]).ConfigureAwait(false);
            await RunAsync(showId, [.. batch.Skip(half)]).ConfigureAwait(false);
        }
        catch (Exception ex) when (batch.Count == 1 && !retried && PostgresErrors.IsDuplicateRequest(ex))
        {
            await RunAsync(showId, batch, retried: true).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            foreach (var pending in batch)
            {
                pending.Fail(ex);
            }
        }
    }
}
