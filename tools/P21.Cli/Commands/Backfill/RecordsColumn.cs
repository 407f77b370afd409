using System.Globalization;

using Spectre.Console;
using Spectre.Console.Rendering;

namespace P21.Cli.Commands.Backfill;

/// <summary>A progress column with the records done and the rate, e.g. <c>12,000 records 3,400/s</c>.</summary>
internal sealed class RecordsColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        ArgumentNullException.ThrowIfNull(task);
        string speed = task.Speed is { } s ? string.Create(CultureInfo.InvariantCulture, $" {s:N0}/s") : "";
        return new Text(string.Create(CultureInfo.InvariantCulture, $"{task.Value:N0} records{speed}"));
    }
}
