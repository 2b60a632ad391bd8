namespace SeatAllocation.Soak.History;

/// <summary>One HTTP request of the soak, from invocation to completion (or failure).</summary>
public sealed record Operation
{
    public long Id { get; init; }

    public string Strategy { get; init; } = "";

    public int Instance { get; init; }

    public OperationKind Kind { get; init; }

    public OperationPurpose Purpose { get; init; }

    public string ShowId { get; init; } = "";

    /// <summary>The Idempotency-Key sent, if any.</summary>
    public string? Key { get; init; }

    public string? UserId { get; init; }

    public IReadOnlyList<string>? Seats { get; init; }

    public int? Quantity { get; init; }

    /// <summary>The hold or booking id a confirm, release or cancel acts on.</summary>
    public string? TargetId { get; init; }

    /// <summary>The operation this one replays or resolves.</summary>
    public long? OriginalId { get; init; }

    public DateTimeOffset InvokedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>The HTTP status; null when no answer came (connection error, timeout).</summary>
    public int? Status { get; init; }

    public string? Error { get; init; }

    /// <summary>The hold or booking id answered.</summary>
    public string? AllocationId { get; init; }

    public IReadOnlyList<string>? ResultSeats { get; init; }

    public int? ResultQuantity { get; init; }

    public ShowCounts? Counts { get; init; }

    /// <summary>What a replay must agree on: kind, user, seats and quantity as sent.</summary>
    public string Fingerprint =>
        $"{Kind};{UserId};{string.Join(',', (Seats ?? []).Order(StringComparer.Ordinal))};{Quantity}";

    /// <summary>Whether the answer does not say what happened: no answer, or a 5xx.</summary>
    public bool IsAmbiguous => Status is null or >= 500;

    public bool IsMutation => Kind is OperationKind.Hold or OperationKind.Book or OperationKind.Confirm or OperationKind.Release or OperationKind.Cancel;
}
