using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace SeatAllocation;

/// <summary>
/// The bounds every strategy enforces on its inputs, and the checks that enforce them. Strategy
/// authors call these so that bad input fails the same way, with the field named, everywhere.
/// </summary>
public static class AllocationLimits
{
    /// <summary>The longest show, seat, request, user or allocation id, in characters.</summary>
    public const int MaxIdLength = 128;

    /// <summary>The largest capacity a show may have; no request can ask for more seats than this.</summary>
    public const int MaxCapacity = 1_000_000;

    /// <summary>The most shows one page of <see cref="IShowCatalog.ListShowsAsync"/> may hold.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>The longest a hold may last.</summary>
    public static readonly TimeSpan MaxHoldDuration = TimeSpan.FromDays(1);

    /// <summary>Throws unless <paramref name="id"/> is a usable id: not blank, at most <see cref="MaxIdLength"/> characters, no control characters.</summary>
    /// <param name="id">The id to check.</param>
    /// <param name="paramName">The name of the field, filled in by the compiler.</param>
    /// <returns>The id, for use in initializers.</returns>
    /// <exception cref="ArgumentException">The id is missing, blank, too long or contains a control character.</exception>
    public static string ThrowIfInvalidId([NotNull] string? id, [CallerArgumentExpression(nameof(id))] string? paramName = null)
    {
        if (id is null || ProblemWithId(id) is not null)
        {
            throw new ArgumentException($"{paramName} {ProblemWithId(id)}.", paramName);
        }

        return id;
    }

    /// <summary>What is wrong with <paramref name="id"/> as an id (or any name, such as a seat map's row), or <see langword="null"/> when nothing is.</summary>
    internal static string? ProblemWithId(string? id) =>
        string.IsNullOrWhiteSpace(id) ? "is required and must not be blank"
        : id.Length > MaxIdLength ? $"must be at most {MaxIdLength} characters long, but was {id.Length}"
        : id.Any(char.IsControl) ? "must not contain control characters"
        : null;

    /// <summary>Throws unless <paramref name="duration"/> is positive and at most <see cref="MaxHoldDuration"/>.</summary>
    /// <param name="duration">The hold duration to check.</param>
    /// <param name="paramName">The name of the field, filled in by the compiler.</param>
    /// <exception cref="ArgumentOutOfRangeException">The duration is zero, negative or too long.</exception>
    public static void ThrowIfInvalidHoldDuration(TimeSpan duration, [CallerArgumentExpression(nameof(duration))] string? paramName = null)
    {
        if (duration <= TimeSpan.Zero || duration > MaxHoldDuration)
        {
            throw new ArgumentOutOfRangeException(paramName, duration, $"{paramName} must be greater than zero and at most {MaxHoldDuration}.");
        }
    }

    /// <summary>Throws unless <paramref name="count"/> is between 1 and <see cref="MaxCapacity"/>.</summary>
    /// <param name="count">The quantity or capacity to check.</param>
    /// <param name="paramName">The name of the field, filled in by the compiler.</param>
    /// <exception cref="ArgumentOutOfRangeException">The count is below 1 or above <see cref="MaxCapacity"/>.</exception>
    public static void ThrowIfInvalidCount(int count, [CallerArgumentExpression(nameof(count))] string? paramName = null)
    {
        if (count < 1 || count > MaxCapacity)
        {
            throw new ArgumentOutOfRangeException(paramName, count, $"{paramName} must be between 1 and {MaxCapacity}.");
        }
    }

    /// <summary>Throws unless <paramref name="limit"/> is between 1 and <see cref="MaxPageSize"/>.</summary>
    /// <param name="limit">The page size to check.</param>
    /// <param name="paramName">The name of the field, filled in by the compiler.</param>
    /// <exception cref="ArgumentOutOfRangeException">The page size is below 1 or above <see cref="MaxPageSize"/>.</exception>
    public static void ThrowIfInvalidPageSize(int limit, [CallerArgumentExpression(nameof(limit))] string? paramName = null)
    {
        if (limit < 1 || limit > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(paramName, limit, $"{paramName} must be between 1 and {MaxPageSize}.");
        }
    }

    /// <summary>Throws unless <paramref name="seatIds"/> is a non-empty list of valid, distinct seat ids no longer than <see cref="MaxCapacity"/>.</summary>
    /// <param name="seatIds">The seat ids to check.</param>
    /// <param name="paramName">The name of the field, filled in by the compiler.</param>
    /// <returns>The seat ids in ordinal order, the order in which strategies lock them.</returns>
    /// <exception cref="ArgumentException">The list is missing, empty, too long, or has a blank, invalid or duplicate id.</exception>
    public static string[] ThrowIfInvalidSeatIds([NotNull] IEnumerable<string>? seatIds, [CallerArgumentExpression(nameof(seatIds))] string? paramName = null)
    {
        if (seatIds is null)
        {
            throw new ArgumentException($"{paramName} is required.", paramName);
        }

        var sorted = seatIds.ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException($"{paramName} must name at least one seat.", paramName);
        }

        if (sorted.Length > MaxCapacity)
        {
            throw new ArgumentException($"{paramName} must name at most {MaxCapacity} seats.", paramName);
        }

        foreach (var seatId in sorted)
        {
            ThrowIfInvalidId(seatId, paramName);
        }

        Array.Sort(sorted, StringComparer.Ordinal);
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i] == sorted[i - 1])
            {
                throw new ArgumentException($"{paramName} names seat '{sorted[i]}' more than once.", paramName);
            }
        }

        return sorted;
    }
}
