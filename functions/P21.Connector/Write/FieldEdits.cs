using P21.Connector.Client.Models;

namespace P21.Connector.Write;

/// <summary>Field edits in typing order with absent values left out, so an empty platform field never blanks a P21 default.</summary>
internal static class FieldEdits
{
    public static FieldEdit[] Of(params (string Name, string? Value)[] edits) =>
        [.. edits.Where(e => !string.IsNullOrEmpty(e.Value)).Select(e => new FieldEdit(e.Name, e.Value))];
}
