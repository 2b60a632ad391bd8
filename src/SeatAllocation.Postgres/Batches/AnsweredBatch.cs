namespace SeatAllocation.Postgres.Batches;

/// <summary>
/// A batch that went through whole, with its answers not yet given to its callers: the show's queue
/// gives them once the next batch is on its way (see <see cref="GroupCommitQueue"/>), so that waking
/// the callers is not on the path from one batch to the next.
/// </summary>
internal sealed class AnsweredBatch(IReadOnlyList<PendingCommand> batch, BatchAnswer[] answers)
{
    /// <summary>Gives every caller its answer.</summary>
    public void Deliver()
    {
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Answer(answers[i]);
        }
    }
}
