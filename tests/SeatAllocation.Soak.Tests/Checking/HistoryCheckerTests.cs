using SeatAllocation.Soak.Checking;
using SeatAllocation.Soak.History;

namespace SeatAllocation.Soak.Tests.Checking;

/// <summary>
/// A small sold-out world (a seated show "s" with A1 and A2, a general-admission show "g" of 2) whose
/// history and database agree; each test breaks it the way one rule forbids and expects exactly that
/// rule to fire, with the request ids that show it.
/// </summary>
public sealed class HistoryCheckerTests
{
    private const string Strategy = "pessimistic";
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 20, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = T0.AddMinutes(5);

    [Fact]
    public void A_clean_history_has_no_violation()
    {
        Assert.Empty(HistoryChecker.Check(CleanHistory(), CleanDatabase(), []));
    }

    [Fact]
    public void A_seat_in_two_live_allocations_is_found()
    {
        var database = CleanDatabase() with { Allocations = [.. CleanDatabase().Allocations, Row("s", "x9", "kx", "booked", ["A1"], 1)] };

        var violation = Assert.Single(HistoryChecker.Check(CleanHistory(), database, []), v => v.Rule == CheckRule.SeatSoldTwice);
        Assert.Contains("seat A1", violation.Message, StringComparison.Ordinal);
        Assert.Equal([1L, 2L], violation.OperationIds);
    }

    [Fact]
    public void General_admission_over_capacity_is_found()
    {
        var database = CleanDatabase() with { Allocations = [.. CleanDatabase().Allocations, Row("g", "x9", "kx", "held", [], 1, End.AddMinutes(1))] };

        var violations = HistoryChecker.Check(CleanHistory(), database, []);

        Assert.Contains(violations, v => v.Rule == CheckRule.OverCapacity && v.Message.Contains("g:", StringComparison.Ordinal));
    }

    [Fact]
    public void An_acknowledged_booking_missing_from_the_database_is_found()
    {
        var database = CleanDatabase() with { Allocations = [.. CleanDatabase().Allocations.Where(a => a.AllocationId != "b2")] };

        var violations = HistoryChecker.Check(CleanHistory(), database, []);

        Assert.Contains(violations, v => v.Rule == CheckRule.AcknowledgedNotStored && v.OperationIds.SequenceEqual([3L]));
    }

    [Fact]
    public void An_acknowledged_booking_released_without_a_cancel_is_found()
    {
        var database = CleanDatabase() with { Allocations = [.. CleanDatabase().Allocations.Select(a => a.AllocationId == "h1" ? a with { State = "released" } : a)] };

        var violations = HistoryChecker.Check(CleanHistory(), database, []);

        Assert.Contains(violations, v => v.Rule == CheckRule.AcknowledgedNotStored && v.Message.Contains("nobody cancelled", StringComparison.Ordinal));
    }

    [Fact]
    public void A_replay_answered_with_another_allocation_is_found()
    {
        var history = CleanHistory().Select(o => o.Id == 4 ? o with { AllocationId = "other" } : o).ToList();

        var violation = Assert.Single(HistoryChecker.Check(history, CleanDatabase(), []), v => v.Rule == CheckRule.ReplayDisagrees);
        Assert.Equal([3L, 4L], violation.OperationIds);
    }

    [Fact]
    public void A_reused_key_accepted_with_another_body_is_found()
    {
        var history = CleanHistory().Select(o => o.Id == 4 ? o with { Purpose = OperationPurpose.ReusedKey, Quantity = 1 } : o).ToList();

        Assert.Contains(HistoryChecker.Check(history, CleanDatabase(), []), v => v.Rule == CheckRule.ReplayDisagrees && v.Message.Contains("different bodies", StringComparison.Ordinal));
    }

    [Fact]
    public void An_ambiguous_request_without_a_resolving_replay_is_found()
    {
        var history = CleanHistory().Where(o => o.Id != 6).ToList();

        var violations = HistoryChecker.Check(history, CleanDatabase(), []);

        Assert.Contains(violations, v => v.Rule == CheckRule.AmbiguousUnresolved && v.OperationIds.SequenceEqual([5L]));
    }

    [Fact]
    public void A_resolving_refusal_while_the_database_had_the_allocation_is_found()
    {
        var history = CleanHistory().Select(o => o.Id == 6 ? o with { Status = 409, AllocationId = null, ResultSeats = null, ResultQuantity = null } : o).ToList();

        var violations = HistoryChecker.Check(history, CleanDatabase(), []);

        Assert.Contains(violations, v => v.Rule == CheckRule.AmbiguousUnresolved && v.OperationIds.SequenceEqual([5L, 6L]));
    }

    [Fact]
    public void Availability_that_disagrees_with_the_database_is_found()
    {
        var history = CleanHistory().Select(o => o.Id == 7 ? o with { Counts = new ShowCounts(2, 1, 0, 1) } : o).ToList();

        var violation = Assert.Single(HistoryChecker.Check(history, CleanDatabase(), []));
        Assert.Equal(CheckRule.AvailabilityDisagrees, violation.Rule);
        Assert.Equal([7L], violation.OperationIds);
    }

    [Fact]
    public void A_free_seat_that_could_not_be_sold_is_found()
    {
        var history = CleanHistory().Append(Op(9, OperationKind.Book, "s", OperationPurpose.SellOut, status: 409, key: "sell", seats: ["A2"])).ToList();
        var database = CleanDatabase() with { Allocations = [.. CleanDatabase().Allocations.Where(a => a.AllocationId != "b3")] };

        var violations = HistoryChecker.Check(history.Where(o => o.Id is not (5 or 6)).ToList(), database, []);

        Assert.Contains(violations, v => v.Rule == CheckRule.SellOutFailed && v.OperationIds.SequenceEqual([9L]));
        Assert.Contains(violations, v => v.Rule == CheckRule.SellOutFailed && v.Message.Contains("1 of 2 units still free", StringComparison.Ordinal));
    }

    [Fact]
    public void An_answer_500_is_found_even_when_its_replay_resolved_it()
    {
        var history = CleanHistory().Select(o => o.Id == 5 ? o with { Status = 500, Error = null } : o).ToList();

        var violation = Assert.Single(HistoryChecker.Check(history, CleanDatabase(), []));
        Assert.Equal(CheckRule.Answer500, violation.Rule);
        Assert.Equal([5L], violation.OperationIds);
    }

    [Fact]
    public void The_library_verifiers_findings_are_violations()
    {
        var violation = Assert.Single(HistoryChecker.Check(CleanHistory(), CleanDatabase(), ["pessimistic: seat A1 has no holder"]));
        Assert.Equal(CheckRule.Verifier, violation.Rule);
    }

    // 1: hold A1 (h1); 2: confirm h1; 3: book 2 of g (b2); 4: its replay; 5: book A2, no answer;
    // 6: the replay that resolves 5 (b3); 7, 8: final reads, sold out.
    private static List<Operation> CleanHistory() =>
    [
        Op(1, OperationKind.Hold, "s", key: "k1", seats: ["A1"], id: "h1", result: ["A1"]),
        Op(2, OperationKind.Confirm, "s", key: "c1", target: "h1", id: "h1", result: ["A1"]),
        Op(3, OperationKind.Book, "g", key: "k2", quantity: 2, id: "b2", result: []),
        Op(4, OperationKind.Book, "g", OperationPurpose.Replay, key: "k2", quantity: 2, id: "b2", result: []),
        Op(5, OperationKind.Book, "s", key: "k3", seats: ["A2"], status: null),
        Op(6, OperationKind.Book, "s", OperationPurpose.Resolution, key: "k3", seats: ["A2"], id: "b3", result: ["A2"]) with { OriginalId = 5 },
        Op(7, OperationKind.Availability, "s", OperationPurpose.FinalRead, status: 200) with { Counts = new ShowCounts(2, 0, 0, 2) },
        Op(8, OperationKind.Availability, "g", OperationPurpose.FinalRead, status: 200) with { Counts = new ShowCounts(2, 0, 0, 2) },
    ];

    private static DatabaseSnapshot CleanDatabase() => new(
        End,
        [new ShowRow(Strategy, "s", true, 2, 0, 0), new ShowRow(Strategy, "g", false, 2, 2, 2)],
        [
            Row("s", "h1", "k1", "booked", ["A1"], 1),
            Row("g", "b2", "k2", "booked", [], 2),
            Row("s", "b3", "k3", "booked", ["A2"], 1),
        ]);

    private static AllocationRow Row(string show, string id, string key, string state, string[] seats, int quantity, DateTimeOffset? expires = null) =>
        new(Strategy, show, id, key, state == "held" ? "hold" : "booking", state, seats, quantity, expires, T0);

    private static Operation Op(
        long number,
        OperationKind kind,
        string show,
        OperationPurpose purpose = OperationPurpose.Normal,
        int? status = 201,
        string? key = null,
        string[]? seats = null,
        int? quantity = null,
        string? target = null,
        string? id = null,
        string[]? result = null) =>
        new()
        {
            Id = number,
            Strategy = Strategy,
            Kind = kind,
            Purpose = purpose,
            ShowId = show,
            Key = key,
            UserId = "u1",
            Seats = seats,
            Quantity = quantity,
            TargetId = target,
            InvokedAt = T0.AddSeconds(number),
            CompletedAt = T0.AddSeconds(number + 0.5),
            Status = status,
            Error = status is null ? "timeout" : null,
            AllocationId = id,
            ResultSeats = result,
            ResultQuantity = result is null ? null : (quantity ?? seats?.Length ?? 1),
        };
}
