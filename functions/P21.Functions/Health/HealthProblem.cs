namespace P21.Functions.Health;

/// <summary>The 503 body when the health check could not produce a report at all.</summary>
public sealed record HealthProblem(string Status, string Error);
