namespace P21.Cli.Hosting;

/// <summary>The user asked for something impossible (a bad option, an unreadable file); exit code 2, no stack trace.</summary>
internal sealed class CliUsageException : Exception
{
    public CliUsageException(string message)
        : base(message)
    {
    }

    public CliUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CliUsageException()
    {
    }
}
