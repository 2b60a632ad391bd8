using System.Diagnostics.Metrics;
using SeatAllocation.Benchmarks.Measurement;

namespace SeatAllocation.Benchmarks.Tests.Measurement;

public class SeatProposalCounterTests
{
    [Fact]
    public void Counts_proposals_by_outcome_from_the_library_s_counter()
    {
        using var counter = new SeatProposalCounter();
        using var meter = new Meter(SeatAllocationTelemetry.MeterName);
        var proposals = meter.CreateCounter<long>(SeatProposalCounter.InstrumentName);

        proposals.Add(1, new KeyValuePair<string, object?>("outcome", "taken"));
        proposals.Add(1, new KeyValuePair<string, object?>("outcome", "taken"));
        proposals.Add(1, new KeyValuePair<string, object?>("outcome", "proposed_again"));
        proposals.Add(1, new KeyValuePair<string, object?>("outcome", "chosen_again"));
        proposals.Add(1, new KeyValuePair<string, object?>("outcome", "refused"));

        Assert.Equal(new SeatProposalCounts(Taken: 2, ProposedAgain: 1, ChosenAgain: 1, Refused: 1), counter.Counts);
    }

    [Fact]
    public void A_run_without_proposals_reports_none_rather_than_zeros()
    {
        using var counter = new SeatProposalCounter();

        Assert.Null(counter.Counts);
    }
}
