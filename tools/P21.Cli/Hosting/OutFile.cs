using System.Globalization;

using P21.Cli.Output;
using P21.Connector.Events;

namespace P21.Cli.Hosting;

/// <summary>
/// <c>--out FILE</c> of the commands that stream events: checked before the run starts (never overwrite events an
/// earlier run wrote unless asked to) and opened by the run once it owns the entity.
/// </summary>
internal static class OutFile
{
    /// <summary>The file sink for <paramref name="path"/>, or a usage error when it would overwrite events without <c>--force</c>.</summary>
    /// <param name="path">The <c>--out</c> path (not <c>-</c>).</param>
    /// <param name="append">Keep what the file holds (<c>--resume</c>, <c>--append</c>).</param>
    /// <param name="force">Overwrite a non-empty file.</param>
    /// <param name="appendHint">The option that appends, for the message.</param>
    public static NdjsonFileSink Open(string path, bool append, bool force, string appendHint)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new CliUsageException($"--out {full} is a folder; name a file");
        }

        if (!Directory.Exists(Path.GetDirectoryName(full)))
        {
            throw new CliUsageException($"--out {full}: the folder does not exist");
        }

        long length = File.Exists(full) ? new FileInfo(full).Length : 0;
        if (length > 0 && !append && !force)
        {
            throw new CliUsageException(string.Create(CultureInfo.InvariantCulture,
                $"--out {full} already holds {length} bytes of events; pass {appendHint} to add to it, or --force to overwrite it"));
        }

        return new NdjsonFileSink(full, append);
    }

    /// <summary>Tells the operator what opening the file found.</summary>
    public static void Report(NdjsonFileSink sink, IConsoleOutput output)
    {
        if (sink.TornBytesCut > 0)
        {
            output.Warn(string.Create(CultureInfo.InvariantCulture,
                $"--out: cut a torn last line ({sink.TornBytesCut} bytes) an interrupted run left; the events after it were re-sent"));
        }
    }
}
