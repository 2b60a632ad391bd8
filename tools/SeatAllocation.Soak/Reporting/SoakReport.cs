using System.Globalization;
using System.Text;
using System.Text.Json;
using SeatAllocation.Soak.Checking;
using SeatAllocation.Soak.History;

namespace SeatAllocation.Soak.Reporting;

/// <summary>The markdown report, its JSON twin and the console summary.</summary>
public static class SoakReport
{
    public static string Render(SoakOptions options, IReadOnlyList<Operation> operations, IReadOnlyList<FaultEvent> faults, IReadOnlyList<Violation> violations, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine("# Fault soak report").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Mode `{options.Mode}`, seed **{options.Seed}** (reproduce the workload and the fault schedule with `eng/soak.sh --{options.Mode} --seed {options.Seed}`)");
        text.AppendLine(CultureInfo.InvariantCulture, $"- {operations.Count} operations, {faults.Count} faults, {elapsed.TotalSeconds:F0} s");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Verdict: **{(violations.Count == 0 ? "PASS" : $"FAIL, {violations.Count} violation(s)")}**").AppendLine();

        text.AppendLine("## Operations by kind and outcome").AppendLine();
        var outcomes = operations.Select(Outcome).Distinct().Order(StringComparer.Ordinal).ToList();
        text.AppendLine("| strategy | operation | purpose | " + string.Join(" | ", outcomes) + " |");
        text.AppendLine("|---|---|---|" + string.Concat(outcomes.Select(_ => "---:|")));
        foreach (var group in operations.GroupBy(o => (o.Strategy, o.Kind, o.Purpose)).OrderBy(g => g.Key.Strategy, StringComparer.Ordinal).ThenBy(g => g.Key.Kind).ThenBy(g => g.Key.Purpose))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key.Strategy} | {group.Key.Kind} | {group.Key.Purpose} | {string.Join(" | ", outcomes.Select(o => group.Count(op => Outcome(op) == o)))} |");
        }

        text.AppendLine().AppendLine("## Faults by kind").AppendLine();
        text.AppendLine("| fault | injected | failed to inject |").AppendLine("|---|---:|---:|");
        foreach (var group in faults.GroupBy(f => f.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key} | {group.Count(f => f.Error is null)} | {group.Count(f => f.Error is not null)} |");
        }

        text.AppendLine().AppendLine("## Checker rules and findings").AppendLine();
        text.AppendLine("| rule | violations |").AppendLine("|---|---:|");
        foreach (var rule in Enum.GetValues<CheckRule>())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {rule} | {violations.Count(v => v.Rule == rule)} |");
        }

        text.AppendLine();
        foreach (var violation in violations.Take(200))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {Truncate(violation.ToString())}");
        }

        if (violations.Count > 200)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- … and {violations.Count - 200} more (see the JSON report)");
        }

        return text.ToString();
    }

    public static string Json(SoakOptions options, IReadOnlyList<Operation> operations, IReadOnlyList<FaultEvent> faults, IReadOnlyList<Violation> violations, TimeSpan elapsed) =>
        JsonSerializer.Serialize(
            new
            {
                options.Mode,
                options.Seed,
                Operations = operations.Count,
                Seconds = Math.Round(elapsed.TotalSeconds),
                Outcomes = operations.GroupBy(o => $"{o.Kind}/{Outcome(o)}").OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
                Faults = faults.GroupBy(f => f.Kind).ToDictionary(g => g.Key, g => g.Count()),
                Violations = violations,
                Passed = violations.Count == 0,
            },
            HistoryRecorder.Json);

    public static string Summary(SoakOptions options, IReadOnlyList<Operation> operations, IReadOnlyList<FaultEvent> faults, IReadOnlyList<Violation> violations, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"soak: seed {options.Seed}, {operations.Count} operations, {faults.Count} faults ({string.Join(", ", faults.GroupBy(f => f.Kind).Select(g => $"{g.Key} {g.Count()}"))}), {elapsed.TotalSeconds:F0} s");
        text.AppendLine(CultureInfo.InvariantCulture, $"soak: outcomes {string.Join(", ", operations.GroupBy(Outcome).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))}");
        foreach (var rule in violations.GroupBy(v => v.Rule))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"soak: {rule.Key}: {rule.Count()} violation(s), e.g. {Truncate(rule.First().ToString())}");
        }

        text.Append(CultureInfo.InvariantCulture, $"soak: {(violations.Count == 0 ? "PASS" : $"FAIL (seed {options.Seed})")}");
        return text.ToString();
    }

    private static string Outcome(Operation op) => op.Status?.ToString(CultureInfo.InvariantCulture) ?? (op.Error == "timeout" ? "timeout" : "error");

    private static string Truncate(string text) => text.Length <= 400 ? text : text[..400] + "…";
}
