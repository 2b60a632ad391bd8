namespace SeatAllocation.Core.Tests.Requests;

public sealed class BestAvailableRequestTests
{
    [Fact]
    public void A_best_available_request_defaults_to_seats_together_of_any_kind()
    {
        var request = AllocationRequest.BestAvailable("show", "req", "ada", 2);

        Assert.True(request.IsBestAvailable);
        Assert.False(request.IsForSpecificSeats);
        Assert.Equal(2, request.Quantity);
        Assert.Equal(new BestAvailableOptions { Together = true }, request.BestAvailableOptions);
        Assert.Null(request.BestAvailableOptions.Category);
        Assert.Null(request.BestAvailableOptions.Section);
        Assert.False(request.BestAvailableOptions.Accessible);
    }

    [Fact]
    public void Other_requests_are_not_best_available()
    {
        Assert.False(AllocationRequest.ForQuantity("show", "req", "ada", 2).IsBestAvailable);
        Assert.Null(AllocationRequest.ForSeats("show", "req", "ada", "A1").BestAvailableOptions);
    }

    [Theory]
    [MemberData(nameof(InvalidIds.All), MemberType = typeof(InvalidIds))]
    public void A_blank_or_invalid_category_or_section_is_refused_naming_the_field(string? name)
    {
        if (name is null)
        {
            return; // null means "any", not invalid.
        }

        Assert.Equal("Category", Assert.ThrowsAny<ArgumentException>(() => new BestAvailableOptions { Category = name }).ParamName);
        Assert.Equal("Section", Assert.ThrowsAny<ArgumentException>(() => new BestAvailableOptions { Section = name }).ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(AllocationLimits.MaxCapacity + 1)]
    public void A_quantity_out_of_range_is_refused_naming_the_field(int quantity)
    {
        Assert.Equal("quantity", Assert.ThrowsAny<ArgumentException>(() => AllocationRequest.BestAvailable("show", "req", "ada", quantity)).ParamName);
    }

    [Fact]
    public void The_fingerprint_is_the_request_with_every_option_not_a_plain_quantity()
    {
        var plain = AllocationRequest.BestAvailable("show", "req", "ada", 2);
        var fingerprints = new[]
        {
            plain,
            AllocationRequest.BestAvailable("show", "req", "ada", 3),
            AllocationRequest.BestAvailable("show", "req", "bob", 2),
            AllocationRequest.BestAvailable("show", "req", "ada", 2, new BestAvailableOptions { Together = false }),
            AllocationRequest.BestAvailable("show", "req", "ada", 2, new BestAvailableOptions { Category = "premium" }),
            AllocationRequest.BestAvailable("show", "req", "ada", 2, new BestAvailableOptions { Section = "premium" }),
            AllocationRequest.BestAvailable("show", "req", "ada", 2, new BestAvailableOptions { Accessible = true }),
            AllocationRequest.ForQuantity("show", "req", "ada", 2),
        }.Select(request => request.Fingerprint);

        Assert.Equal(8, fingerprints.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(plain.Fingerprint, AllocationRequest.BestAvailable("show", "req", "ada", 2, new BestAvailableOptions()).Fingerprint);
        Assert.NotEqual(plain.FingerprintFor(AllocationKind.Hold), plain.FingerprintFor(AllocationKind.Booking));
    }

    [Fact]
    public void A_plain_quantity_request_keeps_the_fingerprint_stored_before_best_available()
    {
        Assert.Equal("book;user=3:ada;quantity=2", AllocationRequest.ForQuantity("show", "req", "ada", 2).FingerprintFor(AllocationKind.Booking));
    }
}
