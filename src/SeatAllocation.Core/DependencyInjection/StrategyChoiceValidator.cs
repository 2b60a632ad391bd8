using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SeatAllocation;

/// <summary>
/// Fails the host's start for every <c>AddSeatAllocation</c> call whose key has no
/// <see cref="IAllocationStrategy"/> registered, by a <c>Use…</c> method or by the app itself.
/// </summary>
internal sealed class StrategyChoiceValidator(IServiceProviderIsService registrations) : IValidateOptions<StrategyChoiceCheck>
{
    public ValidateOptionsResult Validate(string? name, StrategyChoiceCheck options)
    {
        var missing = options.ServiceKeys.Where(key => !IsRegistered(key)).ToList();
        if (missing.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(missing.Select(key =>
            $"{Registration(key)} has no strategy: SeatAllocation has no default, so that an app cannot run in memory by accident and oversell across its instances. {SeatAllocationStrategyChoices.Description}"));
    }

    private static string Registration(object? key) =>
        key is null ? "AddSeatAllocation()" : $"AddSeatAllocation({(key is string ? $"\"{key}\"" : key)}) (key of type {key.GetType().Name})";

    private bool IsRegistered(object? key) => key is null
        ? registrations.IsService(typeof(IAllocationStrategy))
        : registrations is IServiceProviderIsKeyedService keyed && keyed.IsKeyedService(typeof(IAllocationStrategy), key);
}
