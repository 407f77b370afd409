using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using Spectre.Console;

namespace P21.Cli.Output;

/// <summary><see cref="IConsoleOutput"/> over Spectre.Console; colour only when writing to a real terminal.</summary>
internal sealed class SpectreConsoleOutput : IConsoleOutput
{
    private readonly TextWriter _error;
    private readonly IReadOnlyCollection<string> _secrets;

    /// <summary>Writes to <paramref name="output"/> and <paramref name="error"/>; any text in <paramref name="secrets"/> is masked.</summary>
    public SpectreConsoleOutput(TextWriter output, TextWriter error, IReadOnlyCollection<string>? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        Out = output;
        _error = error;
        _secrets = secrets ?? [];
        bool terminal = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            // Captured output (tests, pipes) must not wrap table rows at the default 80 columns.
            Console.Profile.Width = 200;
        }
    }

    /// <inheritdoc />
    public IAnsiConsole Console { get; }

    /// <inheritdoc />
    public TextWriter Out { get; }

    /// <inheritdoc />
    public void Line(string text) => Console.WriteLine(Mask(text));

    /// <inheritdoc />
    public void Result(bool ok, string text) =>
        Console.MarkupLine((ok ? "[green]✓[/] " : "[red]✗[/] ") + Markup.Escape(Mask(text)));

    /// <inheritdoc />
    public void Warn(string text) => Console.MarkupLine("[yellow]![/] " + Markup.Escape(Mask(text)));

    /// <inheritdoc />
    public void Note(string text) => _error.WriteLine(Mask(text));

    /// <inheritdoc />
    public void Error(string text) => _error.WriteLine("error: " + Mask(text));

    /// <inheritdoc />
    public void Json<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        Out.WriteLine(Mask(JsonSerializer.Serialize(value, typeInfo)));
        Out.Flush();
    }

    /// <summary>Masks secret values, so a P21 or storage message that echoes one never reaches the screen.</summary>
    internal string Mask(string text)
    {
        foreach (string secret in _secrets)
        {
            if (secret.Length >= 4)
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return text;
    }
}
