using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using SeatAllocation.Postgres;
using SeatAllocation.Postgres.Batches;
using SeatAllocation.Postgres.Storage;
using static SeatAllocation.Postgres.Tests.PostgresFixtures;

namespace SeatAllocation.Postgres.Tests.Strategies;

[CollectionDefinition(nameof(SeatProposalTests), DisableParallelization = true)]
public sealed class SeatProposalTestsRunAlone;

/// <summary>
/// Seats proposed in the application for a best-available request (SeatProposals) are only a
/// proposal: apply_batch takes them when they are still free and unclaimed, and otherwise chooses the
/// best seats itself from what the batch has reached. These tests send apply_batch proposals that the
/// application could have made from a stale read, and count what became of the proposals of a rush.
/// Runs alone, because it counts process-wide metrics.
/// </summary>
[Collection(nameof(SeatProposalTests))]
public sealed class SeatProposalTests
{
    public static TheoryData<string> Strategies =>
        [PessimisticAllocationStrategy.StrategyName, OptimisticAllocationStrategy.StrategyName, GroupCommitAllocationStrategy.StrategyName];

    /// <summary>
    /// One process decides a show's best-available requests one batch after the other, each batch
    /// proposed from a read made after the previous one committed: no proposal is overtaken, so no
    /// request of a rush pays for the set-based choice, and the buyers the read has no seats for are
    /// refused from it.
    /// </summary>
    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task In_a_rush_on_one_process_every_proposal_is_taken_or_refused_from_the_read(string strategyName)
    {
        var outcomes = new ConcurrentQueue<string>();
        using var listener = ListenToProposals(outcomes);
        var dataSource = await PostgresTestDatabase.GetAsync();
        var strategy = CreateStrategy(strategyName, dataSource);
        var showId = NewShowId();
        // Ten rows of twenty: 200 seats for 150 buyers of 1–4 (about 375 asked for).
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, Enumerable.Range(0, 200).Select(i => new SeatMapSeat($"R{i / 20}-{(i % 20) + 1}", "Stalls", $"R{i / 20}", (i % 20) + 1))));

        var results = await Task.WhenAll(Enumerable.Range(0, 150).Select(buyer =>
            Task.Run(() => strategy.BookAsync(AllocationRequest.BestAvailable(showId, $"buyer-{buyer}", $"user-{buyer}", 1 + (buyer % 4))))));

        Assert.All(results, result => Assert.True(result.Status is AllocationStatus.Allocated or AllocationStatus.NotEnoughTogether or AllocationStatus.Unavailable, result.ToString()));
        Assert.All(results.Where(result => result.Succeeded), result => Assert.Equal(true, result.Allocation!.Together));
        Assert.Equal(results.Count(result => result.Succeeded), outcomes.Count(outcome => outcome == "taken"));
        Assert.Equal(results.Count(result => !result.Succeeded), outcomes.Count(outcome => outcome == "refused"));
        Assert.DoesNotContain("chosen_again", outcomes);
        Assert.True((await ((IAllocationVerifier)strategy).VerifyAsync(showId)).IsValid);
    }

    /// <summary>
    /// Two app instances batch one show's buyers each, so each one's read misses the other's batch
    /// in flight: their proposals overlap, and the loser's are proposed again from a read under the
    /// show's lock, never chosen set-based (nothing takes seats without that lock here). Every buyer
    /// still gets a pair of adjacent seats of their own, nobody is refused while a pair is free at the
    /// end (no seat is given back during the rush, so a refusal true when it was made is true at the
    /// end), and every booking replays as made on the other instance.
    /// </summary>
    [Fact]
    public async Task Two_instances_racing_for_pairs_never_share_a_seat_and_refuse_nobody_while_a_pair_is_free()
    {
        var outcomes = new ConcurrentQueue<string>();
        using var listener = ListenToProposals(outcomes);
        var dataSource = await PostgresTestDatabase.GetAsync();
        IAllocationStrategy[] instances = [CreateStrategy(GroupCommitAllocationStrategy.StrategyName, dataSource), CreateStrategy(GroupCommitAllocationStrategy.StrategyName, dataSource)];
        var showId = NewShowId();
        // Ten rows of twenty-one (an odd row leaves one seat over): 210 seats for 150 buyers of pairs.
        var map = Enumerable.Range(0, 210).Select(i => new SeatMapSeat($"R{i / 21}-{(i % 21) + 1}", "Stalls", $"R{i / 21}", (i % 21) + 1)).ToArray();
        await instances[0].CreateShowAsync(ShowDefinition.Seated(showId, map));

        var results = await Task.WhenAll(Enumerable.Range(0, 150).Select(buyer =>
            Task.Run(() => instances[buyer % 2].BookAsync(AllocationRequest.BestAvailable(showId, $"buyer-{buyer}", $"user-{buyer}", 2)))));

        Assert.All(results, result => Assert.True(result.Status is AllocationStatus.Allocated or AllocationStatus.NotEnoughTogether or AllocationStatus.Unavailable, result.ToString()));
        Assert.All(results.Where(result => result.Succeeded), result => Assert.Equal(true, result.Allocation!.Together));
        var booked = results.Where(result => result.Succeeded).SelectMany(result => result.Allocation!.SeatIds).ToList();
        Assert.Equal(booked.Count, booked.Distinct().Count());
        var seats = await ((IShowCatalog)instances[1]).GetSeatsAsync(showId);
        var free = seats!.Where(seat => seat.Status == SeatStatus.Free).Select(seat => seat.Id).ToHashSet();
        Assert.Equal(210 - booked.Count, free.Count);
        if (results.Any(result => !result.Succeeded))
        {
            Assert.NotEqual(AllocationStatus.Allocated, new BestAvailableChooser(map).Choose(2, new BestAvailableOptions(), free.Contains).Status);
        }

        Assert.DoesNotContain("chosen_again", outcomes);
        Assert.Equal(results.Count(result => result.Succeeded), outcomes.Count(outcome => outcome == "taken"));
        for (var buyer = 0; buyer < results.Length; buyer++)
        {
            if (results[buyer].Succeeded)
            {
                var replay = await instances[(buyer + 1) % 2].BookAsync(AllocationRequest.BestAvailable(showId, $"buyer-{buyer}", $"user-{buyer}", 2));
                Assert.True(replay is { Succeeded: true, IsReplay: true }, replay.ToString());
                Assert.Equal(results[buyer].Allocation!.SeatIds, replay.Allocation.SeatIds);
            }
        }

        Assert.True((await ((IAllocationVerifier)instances[0]).VerifyAsync(showId)).IsValid);
    }

    /// <summary>
    /// Another instance's booking commits between this instance's read of the free seats and its
    /// batch taking the show's lock, on the very seats proposed: the request is proposed again from
    /// a read under the lock and gets the best pair left, and the counter shows that path.
    /// </summary>
    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task A_proposal_overtaken_by_another_instance_is_proposed_again_under_the_show_s_lock(string strategyName)
    {
        var outcomes = new ConcurrentQueue<string>();
        using var listener = ListenToProposals(outcomes);
        var (_, statement, showId) = await CreateRowOfSixAsync();
        var dataSource = await PostgresTestDatabase.GetAsync();
        var strategy = CreateStrategy(strategyName, dataSource);
        await using var other = await dataSource.OpenConnectionAsync();
        await using var otherBatch = await other.BeginTransactionAsync();
        await using (var lockShow = new Npgsql.NpgsqlCommand($"SELECT 1 FROM {PostgresFixtures.Schema}.shows WHERE show_id = $1 FOR NO KEY UPDATE", other, otherBatch) { Parameters = { new() { Value = showId } } })
        {
            await lockShow.ExecuteScalarAsync();
        }

        // Read while A3 + A4, the best pair, are free; then it waits for the show's lock.
        var booking = strategy.BookAsync(AllocationRequest.BestAvailable(showId, "best", "bob", 2));
        await WaitUntilBlockedAsync(dataSource, other.ProcessID);
        var taken = await statement.ApplyAsync(other, otherBatch, showId, [AllocationCommand.Book(AllocationRequest.ForSeats(showId, "first", "ada", "A3", "A4"))], null, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(BatchOutcome.Allocated, taken[0].Outcome);
        await otherBatch.CommitAsync();

        var result = await booking;

        // Without A3 + A4, A1 + A2 and A5 + A6 strand nobody and rank alike: the first in the row wins.
        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(["A1", "A2"], result.Allocation.SeatIds);
        Assert.Equal(true, result.Allocation.Together);
        Assert.Equal(["proposed_again", "taken"], outcomes);
        Assert.True((await ((IAllocationVerifier)strategy).VerifyAsync(showId)).IsValid);
    }

    /// <summary>
    /// Asked to defer, apply_batch decides and commits the requests before the first overtaken
    /// proposal and leaves it and every open request after it undone, named seats included, so the
    /// application can decide them next, in their order.
    /// </summary>
    [Fact]
    public async Task A_deferred_batch_commits_the_requests_before_the_overtaken_proposal_and_nothing_after_it()
    {
        var (strategy, statement, showId) = await CreateRowOfSixAsync();
        var taken = await strategy.BookAsync(AllocationRequest.ForSeats(showId, "first", "ada", "A3"));
        Assert.True(taken.Succeeded, taken.ToString());
        AllocationCommand[] commands =
        [
            AllocationCommand.Book(AllocationRequest.BestAvailable(showId, "one", "bob", 1)),
            AllocationCommand.Book(AllocationRequest.BestAvailable(showId, "two", "cyd", 2)),
            AllocationCommand.Book(AllocationRequest.ForSeats(showId, "three", "dan", "A6")),
        ];

        // Proposed from a read made before A3 was booked: A1 for the first (still free), A3 + A4 for the second.
        var answers = await ApplyAsync(statement, showId, commands, [Proposal("A1"), Proposal("A3", "A4"), null], deferOvertaken: true);

        Assert.Equal(BatchOutcome.Allocated, answers[0].Outcome);
        Assert.Equal(["A1"], answers[0].Allocation!.SeatIds);
        Assert.Equal([BatchOutcome.Deferred, BatchOutcome.Deferred], answers[1..].Select(answer => answer.Outcome));
        Assert.Equal(2, (await strategy.GetAvailabilityAsync(showId))!.Booked);
        var seats = await ((IShowCatalog)strategy).GetSeatsAsync(showId);
        Assert.Equal(["A2", "A4", "A5", "A6"], seats!.Where(seat => seat.Status == SeatStatus.Free).Select(seat => seat.Id));
        Assert.True((await ((IAllocationVerifier)strategy).VerifyAsync(showId)).IsValid);
    }

    [Fact]
    public async Task A_proposal_whose_seat_was_taken_since_is_chosen_for_again_and_gets_the_best_seats_left()
    {
        var (strategy, statement, showId) = await CreateRowOfSixAsync();
        var taken = await strategy.BookAsync(AllocationRequest.ForSeats(showId, "first", "ada", "A3"));
        Assert.True(taken.Succeeded, taken.ToString());

        // Proposed from a read made before A3 was booked: A3 + A4, the best pair of an empty row.
        var answer = await ApplyAsync(statement, showId, AllocationRequest.BestAvailable(showId, "best", "bob", 2), Proposal("A3", "A4"));

        // Without A3, A1 + A2 strand nobody; A4 + A5 rank better but would strand A6.
        Assert.Equal(BatchOutcome.Allocated, answer.Outcome);
        Assert.Equal(["A1", "A2"], answer.Allocation!.SeatIds);
        Assert.Equal(true, answer.Allocation.Together);
        Assert.True((await ((IAllocationVerifier)strategy).VerifyAsync(showId)).IsValid);
    }

    [Fact]
    public async Task Two_requests_of_one_batch_proposed_the_same_seats_get_different_ones()
    {
        var (strategy, statement, showId) = await CreateRowOfSixAsync();
        AllocationCommand[] commands =
        [
            AllocationCommand.Book(AllocationRequest.BestAvailable(showId, "one", "ada", 2)),
            AllocationCommand.Book(AllocationRequest.BestAvailable(showId, "two", "bob", 2)),
        ];

        var answers = await ApplyAsync(statement, showId, commands, [Proposal("A3", "A4"), Proposal("A3", "A4")]);

        Assert.Equal(["A3", "A4"], answers[0].Allocation!.SeatIds);
        Assert.Equal(BatchOutcome.Allocated, answers[1].Outcome);
        Assert.Empty(answers[1].Allocation!.SeatIds.Intersect(["A3", "A4"]));
        Assert.Equal(true, answers[1].Allocation!.Together);
        Assert.True((await ((IAllocationVerifier)strategy).VerifyAsync(showId)).IsValid);
    }

    [Fact]
    public async Task A_proposed_refusal_that_counted_on_an_overtaken_proposal_is_chosen_for_again()
    {
        var (strategy, statement, showId) = await CreateRowOfSixAsync();
        var taken = await strategy.BookAsync(AllocationRequest.ForSeats(showId, "first", "ada", "A3"));
        Assert.True(taken.Succeeded, taken.ToString());
        AllocationCommand[] commands =
        [
            AllocationCommand.Book(AllocationRequest.BestAvailable(showId, "one", "bob", 2)),
            AllocationCommand.Book(AllocationRequest.BestAvailable(showId, "two", "cyd", 2)),
        ];

        // Proposed from a read made before A3 was booked: A3 + A4 for the first, and a refusal for the
        // second that counts on the first taking A3 + A4.
        var answers = await ApplyAsync(statement, showId, commands, [Proposal("A3", "A4"), SeatChoice.NotEnoughTogether]);

        // The first gets A1 + A2 instead, so the refusal no longer holds: the second is chosen for and
        // gets A4 + A5 (as A5 + A6, it strands one seat; its ranks are better).
        Assert.Equal(["A1", "A2"], answers[0].Allocation!.SeatIds);
        Assert.Equal(BatchOutcome.Allocated, answers[1].Outcome);
        Assert.Equal(["A4", "A5"], answers[1].Allocation!.SeatIds);
        Assert.True((await ((IAllocationVerifier)strategy).VerifyAsync(showId)).IsValid);
    }

    [Fact]
    public async Task A_proposal_of_a_seat_the_show_does_not_have_is_chosen_for_again()
    {
        var (strategy, statement, showId) = await CreateRowOfSixAsync();

        var answer = await ApplyAsync(statement, showId, AllocationRequest.BestAvailable(showId, "best", "ada", 2), Proposal("A3", "Z9"));

        Assert.Equal(BatchOutcome.Allocated, answer.Outcome);
        Assert.Equal(["A3", "A4"], answer.Allocation!.SeatIds);
        Assert.True((await ((IAllocationVerifier)strategy).VerifyAsync(showId)).IsValid);
    }

    [Fact]
    public async Task A_proposed_refusal_is_answered_but_a_replay_of_a_committed_request_still_replays()
    {
        var (strategy, statement, showId) = await CreateRowOfSixAsync();
        var request = AllocationRequest.BestAvailable(showId, "best", "ada", 2);
        var first = await strategy.BookAsync(request);
        Assert.True(first.Succeeded, first.ToString());

        // A read that came before the first booking committed could not see it.
        var replay = await ApplyAsync(statement, showId, request, SeatChoice.NotEnoughTogether);
        var other = await ApplyAsync(statement, showId, AllocationRequest.BestAvailable(showId, "other", "bob", 2), SeatChoice.NotEnoughTogether);

        Assert.Equal(BatchOutcome.Replayed, replay.Outcome);
        Assert.Equal(first.Allocation.SeatIds, replay.Allocation!.SeatIds);
        Assert.Equal(BatchOutcome.NotEnoughTogether, other.Outcome);
        Assert.Equal(2, (await strategy.GetAvailabilityAsync(showId))!.Booked);
    }

    private static async Task<(IAllocationStrategy Strategy, ApplyBatchStatement Statement, string ShowId)> CreateRowOfSixAsync()
    {
        var dataSource = await PostgresTestDatabase.GetAsync();
        var strategy = CreateStrategy(PessimisticAllocationStrategy.StrategyName, dataSource);
        var showId = NewShowId();
        // One row of six with default ranks: A3 + A4 is the best pair.
        await strategy.CreateShowAsync(ShowDefinition.Seated(showId, Enumerable.Range(1, 6).Select(position => new SeatMapSeat($"A{position}", "Stalls", "A", position))));
        var statement = new ApplyBatchStatement(new PostgresAllocationStore(dataSource, new PostgresAllocationOptions().Validated()));
        return (strategy, statement, showId);
    }

    private static async Task<BatchAnswer> ApplyAsync(ApplyBatchStatement statement, string showId, AllocationRequest request, SeatChoice proposal) =>
        (await ApplyAsync(statement, showId, [AllocationCommand.Book(request)], [proposal]))[0];

    /// <summary>One <c>apply_batch</c> call on a pooled connection of its own, as a show's queue makes it.</summary>
    private static async Task<BatchAnswer[]> ApplyAsync(ApplyBatchStatement statement, string showId, AllocationCommand[] commands, SeatChoice?[] proposals, bool deferOvertaken = false)
    {
        await using var connection = statement.NewShowConnection();
        return await statement.ApplyAsync(connection, showId, commands, proposals, DateTimeOffset.UtcNow, deferOvertaken, CancellationToken.None);
    }

    private static SeatChoice Proposal(params string[] seatIds) => new(AllocationStatus.Allocated, seatIds, Together: true);

    /// <summary>Collects the outcome tag of every proposal counted while the listener lives.</summary>
    private static MeterListener ListenToProposals(ConcurrentQueue<string> outcomes)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "seatallocation.postgres.seat_proposals")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "outcome")
                {
                    outcomes.Enqueue((string)tag.Value!);
                }
            }
        });
        listener.Start();
        return listener;
    }
}
