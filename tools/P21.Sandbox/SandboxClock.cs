using System.Globalization;

namespace P21.Sandbox;

/// <summary>Server-local time at one-second resolution, the way P21 stores date_created / date_last_modified.</summary>
internal sealed class SandboxClock(TimeProvider time, TimeSpan utcOffset)
{
    /// <summary>Storage format of every timestamp column (sortable as text).</summary>
    public const string StorageFormat = "yyyy-MM-dd HH:mm:ss";

    private readonly string _offsetText = (utcOffset < TimeSpan.Zero ? "-" : "+") + utcOffset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    public TimeSpan UtcOffset => utcOffset;

    public TimeProvider Time => time;

    /// <summary>Server-local now, truncated to whole seconds.</summary>
    public DateTime LocalNow
    {
        get
        {
            DateTime local = time.GetUtcNow().ToOffset(utcOffset).DateTime;
            return new DateTime(local.Ticks - (local.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Unspecified);
        }
    }

    public string NowText() => Store(LocalNow);

    public static string Store(DateTime local) => local.ToString(StorageFormat, CultureInfo.InvariantCulture);

    /// <summary>Converts an instant to the stored server-local text.</summary>
    public string Store(DateTimeOffset instant) => Store(instant.ToOffset(utcOffset).DateTime);

    /// <summary>Renders a stored timestamp the way the OData v4 surface does: ISO 8601 with the server offset.</summary>
    public string Render(string stored)
    {
        if (DateTime.TryParseExact(stored, StorageFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime local))
        {
            return local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + _offsetText;
        }

        return stored;
    }

    /// <summary>Parses a date the way P21 windows accept it (ISO date, ISO datetime or US short date).</summary>
    public static bool TryParseDate(string? text, out DateTime value)
    {
        string[] formats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "M/d/yyyy", "M/d/yyyy H:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];
        if (DateTime.TryParseExact(text?.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset dto))
        {
            value = dto.DateTime;
            return true;
        }

        return false;
    }
}
