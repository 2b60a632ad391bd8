namespace SeatAllocation.Core.Tests.Requests;

/// <summary>Seats chosen for a request by a layer in front of a strategy (the Redis gate) keep the request's fingerprint.</summary>
public sealed class ChosenSeatsRequestTests
{
    [Fact]
    public void Chosen_seats_are_named_seats_under_the_fingerprint_of_the_request_they_were_chosen_for()
    {
        AllocationRequest[] requests =
        [
            AllocationRequest.ForQuantity("show", "req", "ada", 2),
            AllocationRequest.BestAvailable("show", "req", "ada", 2, new BestAvailableOptions { Together = false, Category = "premium" }),
        ];

        foreach (var request in requests)
        {
            var chosen = request.WithChosenSeats(["B2", "A1"]);

            Assert.Equal((request.ShowId, request.RequestId, request.UserId, 2), (chosen.ShowId, chosen.RequestId, chosen.UserId, chosen.Quantity));
            Assert.Equal(["A1", "B2"], chosen.SeatIds);
            Assert.True(chosen.IsForSpecificSeats);
            Assert.False(chosen.IsBestAvailable);
            Assert.Equal(request.Fingerprint, chosen.Fingerprint);
            Assert.Equal(request.FingerprintFor(AllocationKind.Hold), chosen.FingerprintFor(AllocationKind.Hold));
            Assert.NotEqual(AllocationRequest.ForSeats("show", "req", "ada", "A1", "B2").Fingerprint, chosen.Fingerprint);
        }
    }

    [Fact]
    public void Seats_cannot_be_chosen_for_a_request_that_names_its_own_or_in_another_number()
    {
        var quantity = AllocationRequest.ForQuantity("show", "req", "ada", 2);

        Assert.Throws<InvalidOperationException>(() => AllocationRequest.ForSeats("show", "req", "ada", "A1").WithChosenSeats(["A2"]));
        Assert.Equal("seatIds", Assert.Throws<ArgumentException>(() => quantity.WithChosenSeats(["A1"])).ParamName);
        Assert.Equal("seatIds", Assert.ThrowsAny<ArgumentException>(() => quantity.WithChosenSeats(["A1", "A1"])).ParamName);
    }
}
