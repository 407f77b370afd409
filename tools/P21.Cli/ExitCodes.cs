namespace P21.Cli;

/// <summary>The process exit codes of <c>p21</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Everything worked (for <c>drift</c>: no drift).</summary>
    public const int Ok = 0;

    /// <summary>A check failed, P21 or storage refused, drift was found, or a record was parked.</summary>
    public const int Failure = 1;

    /// <summary>The command line or its files are wrong (unknown entity, missing option, unreadable file).</summary>
    public const int Usage = 2;
}
