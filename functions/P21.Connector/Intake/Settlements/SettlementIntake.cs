using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text.Json;

using P21.Connector.Commands;
using P21.Connector.Intake;

namespace P21.Connector.Intake.Settlements;

/// <summary>Reads a settlement delivery: the V2 flat file (<c>text/tab-separated-values</c>, <c>text/plain</c>) or the generic JSON form.</summary>
internal static class SettlementIntake
{
    public static ParseOutcome Parse(IntakeRequest request, int maxJsonDepth)
    {
        if (IsJson(request.ContentType))
        {
            using var document = JsonBody.Parse(request.Body, maxJsonDepth);
            return ReadJson(document.RootElement);
        }

        using var stream = AsStream(request.Body);
        var result = SettlementReport.Parse(stream);
        return result.Entry is { } entry
            ? ParseOutcome.Parsed(entry, entry.SettlementId)
            : ParseOutcome.Failed(IntakeProblems.Invalid(result.Detail ?? "The settlement is not valid.", result.Errors));
    }

    public static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && string.Equals(media.MediaType, "application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The generic JSON form: <c>{settlementId, depositDate, currency, total, lines:[{transactionType, amountType, amountDescription, amount, orderId, sku, postedDate}]}</c>.</summary>
    internal static ParseOutcome ReadJson(JsonElement root)
    {
        var f = new JsonFields(new FieldErrors());
        if (!f.RootObject(root))
        {
            return ParseOutcome.Invalid(f.Errors);
        }

        var id = f.String(root, "settlementId", "", required: true, maxLength: 50);
        var deposit = f.Date(root, "depositDate", "", required: false);
        var start = f.Date(root, "startDate", "", required: false);
        var end = f.Date(root, "endDate", "", required: false);
        var currency = f.String(root, "currency", "", required: true, maxLength: 3);
        var total = f.Decimal(root, "total", "", required: true);
        var lines = new List<SettlementLine>();
        var items = f.Array(root, "lines", "", required: true, nonEmpty: true);
        decimal sum = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var path = JsonFields.Index("lines", i);
            if (items[i].ValueKind != JsonValueKind.Object)
            {
                f.Errors.Add(path, "must be an object.");
                continue;
            }

            var item = items[i];
            var type = f.String(item, "transactionType", path, required: true);
            var amountType = f.String(item, "amountType", path, false) ?? "";
            var description = f.String(item, "amountDescription", path, false) ?? "";
            var amount = f.Decimal(item, "amount", path, required: true);
            if (type is not null && amount is not null)
            {
                sum += amount.Value;
                lines.Add(new SettlementLine(
                    i + 1, type, amountType, description, amount.Value,
                    f.String(item, "orderId", path, false), f.String(item, "sku", path, false), f.String(item, "postedDate", path, false)));
            }
        }

        if (!f.Errors.Any && total is { } t && t != sum)
        {
            f.Errors.Add("total", $"is {SettlementAmount.Format(t)} but the lines add up to {SettlementAmount.Format(sum)} (difference {SettlementAmount.Format(t - sum)}).");
        }

        if (f.Errors.Any)
        {
            return ParseOutcome.Invalid(f.Errors);
        }

        return ParseOutcome.Parsed(new JournalEntryPost(id!, deposit, currency!.ToUpperInvariant(), total!.Value, lines, start, end), id!);
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> body) =>
        MemoryMarshal.TryGetArray(body, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(body.ToArray(), writable: false);
}
