namespace SeatAllocation.Benchmarks.Baselines;

/// <summary>One custom pgbench script and what one of its transactions counts as.</summary>
/// <param name="Name">The baseline's name, as the ratio columns use it.</param>
/// <param name="Description">What it runs, for the report.</param>
/// <param name="Script">The script text (SQL, plus pgbench meta-commands such as <c>\set</c>).</param>
/// <param name="AllocationsPerTransaction">Allocations one transaction records, so the baseline is reported in allocations per second.</param>
/// <param name="Clients">A client count of the script's own; null runs it at the scenarios' client count.</param>
internal sealed record PgBenchScript(string Name, string Description, string Script, int AllocationsPerTransaction = 1, int? Clients = null)
{
    /// <summary>The script's file name: the name with dashes for spaces.</summary>
    public string FileName => Name.Replace(' ', '-') + ".sql";
}
