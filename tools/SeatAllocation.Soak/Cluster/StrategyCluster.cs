namespace SeatAllocation.Soak.Cluster;

/// <summary>The app instances of one strategy, its database and the shows the workload sells.</summary>
public sealed class StrategyCluster(string name, string database, IReadOnlyList<AppInstance> instances, IReadOnlyList<ShowPlan> shows)
{
    public string Name { get; } = name;

    public string Database { get; } = database;

    public IReadOnlyList<AppInstance> Instances { get; } = instances;

    public IReadOnlyList<ShowPlan> Shows { get; } = shows;
}
