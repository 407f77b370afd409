using System.CommandLine;

using P21.Cli.Output;

namespace P21.Cli.Hosting;

/// <summary>Runs a command's body in a <see cref="CliSession"/>, mapping every expected failure to a message and exit code.</summary>
internal static class CliRunner
{
    public static async Task<int> RunAsync(
        ParseResult parseResult,
        GlobalOptions options,
        Func<CliSession, CancellationToken, Task<int>> body,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string?>? extra = null,
        string? connection = null)
    {
        CliSession session;
        try
        {
            session = CliSession.Create(parseResult, options, extra, connection);
        }
        catch (CliUsageException ex)
        {
            CliSession.OutputOf(parseResult).Error(ex.Message);
            return ExitCodes.Usage;
        }

        TimeSpan budget = parseResult.GetValue(options.Timeout) ?? GlobalOptions.DefaultTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (budget > TimeSpan.Zero)
        {
            timeout.CancelAfter(budget);
        }

        await using (session)
        {
            try
            {
                return await body(session, timeout.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                session.Output.Error(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"gave up after {budget:c} (--timeout): what was committed stays committed; run the command again (a backfill with --resume), or raise --timeout (0 = no limit)"));
                return ExitCodes.Failure;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                (int exitCode, string message) = CliFailure.Describe(ex, session.Settings);
                session.Output.Error(message);
                return exitCode;
            }
        }
    }

    /// <summary>Reads a file the user named, turning any failure into a usage error with the path and reason.</summary>
    public static async Task<byte[]> ReadFileAsync(FileInfo file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        try
        {
            return await File.ReadAllBytesAsync(file.FullName, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            string reason = ex is FileNotFoundException or DirectoryNotFoundException ? "not found" : ex.Message.TrimEnd('.');
            throw new CliUsageException($"{file.FullName}: {reason}", ex);
        }
    }

    /// <summary>A writer for <c>--out</c>: standard output for <c>-</c>, else a new file.</summary>
    public static TextWriter OpenOut(string? path, IConsoleOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (path is null or "-")
        {
            return TextWriter.Synchronized(new NonClosingWriter(output.Out));
        }

        try
        {
            return new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"{Path.GetFullPath(path)}: {ex.Message.TrimEnd('.')} — check --out", ex);
        }
    }

    /// <summary>Standard output must outlive a command's writer.</summary>
    private sealed class NonClosingWriter(TextWriter inner) : TextWriter
    {
        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void Write(char value) => inner.Write(value);

        public override void Write(string? value) => inner.Write(value);

        public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();
    }
}
