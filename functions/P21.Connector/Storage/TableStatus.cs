using Azure;

namespace P21.Connector.Storage;

/// <summary>The Table Storage answers the stores branch on.</summary>
internal static class TableStatus
{
    public const int NotFound = 404;
    public const int Conflict = 409;
    public const int PreconditionFailed = 412;

    /// <summary>Someone else changed or created the row first (ETag mismatch, row exists, or row gone).</summary>
    public static bool IsLostRace(this RequestFailedException exception) =>
        exception.Status is Conflict or PreconditionFailed or NotFound;
}
