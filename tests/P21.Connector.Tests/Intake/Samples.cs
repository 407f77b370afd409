namespace P21.Connector.Tests.Intake;

/// <summary>Loads the hand-written payloads in Samples/ (copied to the output folder).</summary>
internal static class Samples
{
    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", name));

    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", name));
}
