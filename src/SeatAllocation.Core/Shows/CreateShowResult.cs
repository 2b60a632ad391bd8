namespace SeatAllocation;

/// <summary>The outcome of creating a show.</summary>
public enum CreateShowResult
{
    /// <summary>The show was created.</summary>
    Created,

    /// <summary>A show with that id already exists; nothing was changed.</summary>
    AlreadyExists,
}
