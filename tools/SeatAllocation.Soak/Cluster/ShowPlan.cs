namespace SeatAllocation.Soak.Cluster;

/// <summary>A show the soak creates: named seats, or a general-admission capacity when <see cref="Seats"/> is null.</summary>
public sealed record ShowPlan(string ShowId, IReadOnlyList<string>? Seats, int Capacity)
{
    public bool IsSeated => Seats is not null;
}
