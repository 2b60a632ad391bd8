using System.Collections.Concurrent;

namespace SeatAllocation.Postgres.Batches;

/// <summary>
/// One queue per show, drained one batch at a time: a request that finds its show idle is sent at
/// once, alone; requests that arrive while a batch is in flight wait for it and go together in the
/// next, up to the batch size, in arrival order. No timer: under light load a request costs one
/// round trip, under load batches grow by themselves.
/// </summary>
internal sealed class GroupCommitQueue(BatchRunner runner, int maxBatchSize)
{
    private readonly ConcurrentDictionary<string, ShowQueue> _shows = new(StringComparer.Ordinal);

    public Task<BatchAnswer> EnqueueAsync(AllocationCommand command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingCommand(command);
        while (true)
        {
            var queue = _shows.GetOrAdd(command.ShowId, static showId => new ShowQueue(showId));
            bool start;
            lock (queue)
            {
                if (queue.Retired)
                {
                    continue; // drained and removed just now: take the show's new queue
                }

                queue.Items.Enqueue(pending);
                start = !queue.Draining;
                queue.Draining = true;
            }

            if (start)
            {
                // In the caller's flow, not queued to the thread pool: a request for an idle show is
                // sent before this returns, so light load costs what one unbatched call costs. Later
                // batches run wherever the previous one's answer arrives.
                _ = DrainAsync(queue);
            }

            return pending.WaitAsync(cancellationToken);
        }
    }

    private async Task DrainAsync(ShowQueue queue)
    {
        // The show's batches run one after another on one connection, kept until the queue is empty.
        // A batch's answers are given once the next batch has been sent: the callers' continuations
        // then run while PostgreSQL works on it, instead of between one batch and the next.
        await using var connection = runner.NewShowConnection();
        AnsweredBatch? answered = null;
        while (true)
        {
            var batch = new List<PendingCommand>();
            lock (queue)
            {
                while (batch.Count < maxBatchSize && queue.Items.TryDequeue(out var next))
                {
                    if (next.TryStart())
                    {
                        batch.Add(next);
                    }
                }

                if (batch.Count == 0 && answered is null)
                {
                    queue.Retired = true;
                    _shows.TryRemove(new KeyValuePair<string, ShowQueue>(queue.ShowId, queue));
                    return;
                }
            }

            if (batch.Count == 0)
            {
                // Nothing waits: answer now, and look again before letting the connection go.
                answered!.Deliver();
                answered = null;
                continue;
            }

            var running = runner.RunAsync(connection, queue.ShowId, batch);
            answered?.Deliver();
            answered = await running.ConfigureAwait(false);
        }
    }

    private sealed class ShowQueue(string showId)
    {
        public string ShowId { get; } = showId;

        public Queue<PendingCommand> Items { get; } = new();

        public bool Draining { get; set; }

        public bool Retired { get; set; }
    }
}
