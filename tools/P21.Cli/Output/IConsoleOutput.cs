using System.Text.Json.Serialization.Metadata;

using Spectre.Console;

namespace P21.Cli.Output;

/// <summary>
/// Where a command writes: human output through Spectre.Console (tables, progress), machine output (JSON, NDJSON)
/// verbatim, errors to the error stream. Tests pass string writers and read what a user would see.
/// </summary>
internal interface IConsoleOutput
{
    /// <summary>The Spectre console over standard output, for tables and progress bars.</summary>
    IAnsiConsole Console { get; }

    /// <summary>Standard output, for NDJSON and JSON.</summary>
    TextWriter Out { get; }

    /// <summary>Writes plain text (no markup) and a new line.</summary>
    void Line(string text);

    /// <summary>A result line: a mark (✓ or ✗) then the text.</summary>
    void Result(bool ok, string text);

    /// <summary>Writes a warning line to standard output.</summary>
    void Warn(string text);

    /// <summary>Writes a note to the error stream (keeps standard output clean for NDJSON).</summary>
    void Note(string text);

    /// <summary>Writes an error line to the error stream (never a stack trace).</summary>
    void Error(string text);

    /// <summary>Writes <paramref name="value"/> as indented JSON to standard output.</summary>
    void Json<T>(T value, JsonTypeInfo<T> typeInfo);
}
