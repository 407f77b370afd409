using System.Globalization;

namespace P21.Connector.Write;

/// <summary>
/// Our own line handles. P21's Transaction API groups list rows by the element's key fields (last row wins), so two
/// lines with the same item would collapse unless every line carries a distinct <c>user_line_no</c> we assign.
/// </summary>
public static class UserLineNumbers
{
    /// <summary>The gap between handles; leaves room for lines inserted later by a person in P21.</summary>
    public const int Step = 10;

    /// <summary>The handle of the 1-based line <paramref name="lineNumber"/>: 1 → <c>010</c>, 2 → <c>020</c>, 100 → <c>1000</c>.</summary>
    public static string For(int lineNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lineNumber, 1);
        return (lineNumber * Step).ToString("D3", CultureInfo.InvariantCulture);
    }
}
