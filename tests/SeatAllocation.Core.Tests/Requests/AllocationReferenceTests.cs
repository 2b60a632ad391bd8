namespace SeatAllocation.Core.Tests.Requests;

public sealed class AllocationReferenceTests
{
    [Theory]
    [MemberData(nameof(InvalidIds.All), MemberType = typeof(InvalidIds))]
    public void An_invalid_show_id_is_refused_naming_the_field(string? showId)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new AllocationReference(showId!, "hold-1", "ada"));

        Assert.Equal("showId", error.ParamName);
    }

    [Theory]
    [MemberData(nameof(InvalidIds.All), MemberType = typeof(InvalidIds))]
    public void An_invalid_allocation_id_is_refused_naming_the_field(string? allocationId)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new AllocationReference("show", allocationId!, "ada"));

        Assert.Equal("allocationId", error.ParamName);
    }

    [Theory]
    [MemberData(nameof(InvalidIds.All), MemberType = typeof(InvalidIds))]
    public void An_invalid_user_id_is_refused_naming_the_field_but_null_means_anyone(string? userId)
    {
        if (userId is null)
        {
            Assert.Null(new AllocationReference("show", "hold-1", userId).UserId);
            return;
        }

        var error = Assert.ThrowsAny<ArgumentException>(() => new AllocationReference("show", "hold-1", userId));

        Assert.Equal("userId", error.ParamName);
    }

    [Fact]
    public void Without_a_user_the_reference_does_not_check_ownership()
    {
        var reference = new AllocationReference("show", "hold-1");

        Assert.Equal(("show", "hold-1"), (reference.ShowId, reference.AllocationId));
        Assert.Null(reference.UserId);
    }

    [Fact]
    public void Ids_of_exactly_the_longest_allowed_length_are_accepted()
    {
        var id = InvalidIds.Longest;

        var reference = new AllocationReference(id, id, id);

        Assert.Equal((id, id, id), (reference.ShowId, reference.AllocationId, reference.UserId));
    }
}
