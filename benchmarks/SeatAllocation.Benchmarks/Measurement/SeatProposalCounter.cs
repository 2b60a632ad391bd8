using System.Diagnostics.Metrics;

namespace SeatAllocation.Benchmarks.Measurement;

/// <summary>
/// Counts the PostgreSQL strategies' best-available proposals by outcome, from the library's
/// <c>seatallocation.postgres.seat_proposals</c> counter on its meter (<c>"SeatAllocation"</c>).
/// The listener hears the whole process, which is right because the harness runs one scenario ×
/// strategy at a time; a run whose strategy proposed nothing reports <see langword="null"/>, shown as a
/// dash rather than zeros.
/// </summary>
internal sealed class SeatProposalCounter : IDisposable
{
    /// <summary>The library's instrument; its <c>outcome</c> tag is taken, proposed_again, chosen_again or refused.</summary>
    internal const string InstrumentName = "seatallocation.postgres.seat_proposals";

    private readonly MeterListener listener = new();
    private long taken;
    private long proposedAgain;
    private long chosenAgain;
    private long refused;

    public SeatProposalCounter()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SeatAllocationTelemetry.MeterName && instrument.Name == InstrumentName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "outcome")
                {
                    Add(tag.Value as string, value);
                }
            }
        });
        listener.Start();
    }

    /// <summary>The counts since this counter was created, or <see langword="null"/> when nothing was proposed.</summary>
    public SeatProposalCounts? Counts =>
        new SeatProposalCounts(Interlocked.Read(ref taken), Interlocked.Read(ref proposedAgain), Interlocked.Read(ref chosenAgain), Interlocked.Read(ref refused)) is var counts && (counts.Decided > 0 || counts.ProposedAgain > 0) ? counts : null;

    /// <inheritdoc />
    public void Dispose() => listener.Dispose();

    private void Add(string? outcome, long value)
    {
        switch (outcome)
        {
            case "taken":
                Interlocked.Add(ref taken, value);
                break;
            case "proposed_again":
                Interlocked.Add(ref proposedAgain, value);
                break;
            case "chosen_again":
                Interlocked.Add(ref chosenAgain, value);
                break;
            case "refused":
                Interlocked.Add(ref refused, value);
                break;
        }
    }
}
