namespace P21.Sandbox;

/// <summary>
/// The Dataservice permissions of the sandbox's API user: tables (or views) it may not read over OData. Real P21
/// answers such reads "You are not authorized to access API" although the token is valid; consumer keys bypass the
/// check (their scope governs access instead). Settable in-process or through <c>PUT /_sandbox/permissions</c>.
/// </summary>
public sealed class SandboxPermissions
{
    private volatile HashSet<string> _denied;

    /// <summary>Starts with <see cref="SandboxOptions.DeniedTables"/>.</summary>
    public SandboxPermissions(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _denied = new HashSet<string>(options.DeniedTables ?? Enumerable.Empty<string>(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The denied table and view names, sorted.</summary>
    public IReadOnlyList<string> DeniedTables => [.. _denied.Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>Replaces the denied set (an empty set allows everything).</summary>
    public void Deny(IEnumerable<string> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _denied = new HashSet<string>(tables.Select(t => t.Trim()).Where(t => t.Length > 0), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>True when a user-credential token may not read <paramref name="table"/>.</summary>
    public bool IsDenied(string table) => _denied.Contains(table);
}
