using SeatAllocation.Postgres;
using SeatAllocation.Postgres.Batches;
using SeatAllocation.Postgres.Storage;
using static SeatAllocation.Postgres.Tests.PostgresFixtures;

namespace SeatAllocation.Postgres.Tests.Strategies;

/// <summary>
/// Seats proposed in the application for a best-available request (SeatProposals) are only a
/// proposal: apply_batch takes them when they are still free and unclaimed, and otherwise chooses the
/// best seats itself from what the batch has reached. These tests send apply_batch proposals that the
/// application could have made from a stale read.
/// </summary>
public sealed class SeatProposalTests
{
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

        var answers = await statement.ApplyAsync(showId, commands, [Proposal("A3", "A4"), Proposal("A3", "A4")], DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(["A3", "A4"], answers[0].Allocation!.SeatIds);
        Assert.Equal(BatchOutcome.Allocated, answers[1].Outcome);
        Assert.Empty(answers[1].Allocation!.SeatIds.Intersect(["A3", "A4"]));
        Assert.Equal(true, answers[1].Allocation!.Together);
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
        (await statement.ApplyAsync(showId, [AllocationCommand.Book(request)], [proposal], DateTimeOffset.UtcNow, CancellationToken.None))[0];

    private static SeatChoice Proposal(params string[] seatIds) => new(AllocationStatus.Allocated, seatIds, Together: true);
}
