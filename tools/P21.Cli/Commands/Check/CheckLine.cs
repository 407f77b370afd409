namespace P21.Cli.Commands.Check;

/// <summary>One check: what was checked, whether it passed, what was seen, and what to do when it failed.</summary>
internal sealed record CheckLine(string Name, bool Ok, string Detail, string? Remedy = null);

/// <summary>The machine-readable result of <c>p21 check --json</c>.</summary>
internal sealed record CheckReport(string Connection, string? Url, bool Ok, IReadOnlyList<CheckLine> Checks);
