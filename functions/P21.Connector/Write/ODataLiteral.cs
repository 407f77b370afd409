namespace P21.Connector.Write;

/// <summary>OData string literals for lookups by external reference; a quote in a platform id must not break the filter.</summary>
internal static class ODataLiteral
{
    /// <summary><c>abc'd</c> → <c>'abc''d'</c>.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
