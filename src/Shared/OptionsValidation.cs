using System.ComponentModel.DataAnnotations;

namespace SeatAllocation;

/// <summary>
/// Applies an options object's own rules — its data annotations, then its
/// <see cref="IValidatableObject"/> rules across fields — when a strategy is constructed without a
/// host. Dependency injection applies the same rules through <c>ValidateDataAnnotations()</c>, so each
/// rule is written once, on the options class. Compiled into each package that has options.
/// </summary>
internal static class OptionsValidation
{
    /// <summary>Returns <paramref name="options"/> when it is valid.</summary>
    /// <exception cref="ArgumentException">A rule is broken; <see cref="ArgumentException.ParamName"/> names the first broken field.</exception>
    public static T ThrowIfInvalid<T>(T options)
        where T : class
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            var first = results[0];
            throw new ArgumentException(
                $"{typeof(T).Name} is invalid: {string.Join(" ", results.Select(r => r.ErrorMessage))}",
                first.MemberNames.FirstOrDefault());
        }

        return options;
    }
}
