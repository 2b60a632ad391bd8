namespace SeatAllocation;

/// <summary>The outcome of creating a show.</summary>
/// <remarks>
/// <see cref="Replayed"/> and <see cref="IdempotencyKeyReused"/> are answered only to a definition that
/// carries a request id (<see cref="ShowDefinition.WithRequestId"/>); without one, a show that exists is
/// always <see cref="AlreadyExists"/>.
/// </remarks>
public enum CreateShowResult
{
    /// <summary>The show was created.</summary>
    Created,

    /// <summary>A show with that id already exists, created by another request (or without a request id); nothing was changed.</summary>
    AlreadyExists,

    /// <summary>
    /// This request id already created this show, with the same definition: the earlier creation is
    /// the answer, and nothing was changed. A caller repeats a request whose outcome it did not learn.
    /// </summary>
    Replayed,

    /// <summary>This request id already created a show with another id or another definition; nothing was changed.</summary>
    IdempotencyKeyReused,
}
