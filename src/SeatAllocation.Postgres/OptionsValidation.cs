using System.ComponentModel.DataAnnotations;

namespace SeatAllocation.Postgres;

/// <summary>Validates options by their data annotations when a strategy is built without a host.</summary>
internal static class OptionsValidation
{
    public static void ThrowIfInvalid(object options)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            var first = results[0];
            throw new ArgumentException(
                $"{options.GetType().Name} is invalid: {string.Join(" ", results.Select(r => r.ErrorMessage))}",
                first.MemberNames.FirstOrDefault());
        }
    }
}
