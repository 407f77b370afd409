using System.Globalization;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Commands;

namespace P21.Connector.Write;

/// <summary>
/// Compares the tax the storefront charged with the tax P21 computed for the order just written
/// (<see cref="TaxCheckOptions"/>): a difference over the tolerance is reported on the result, or parks the written
/// order for review. Tax is never written to P21; this is how a distributor learns the two tax engines disagree.
/// </summary>
internal static class OrderTaxCheck
{
    /// <exception cref="WriteRejectedException">The tax differs and <see cref="TaxCheckOptions.ParkForReview"/> is on.</exception>
    public static async Task CheckAsync(WriteContext context, SalesOrderCreate payload, string orderNo, TaxCheckOptions options, CancellationToken cancellationToken)
    {
        if (options.Column is not { Length: > 0 } column)
        {
            return;
        }

        decimal? storefront = payload.Totals?.Tax ?? (payload.Lines.Any(l => l.Tax is not null) ? payload.Lines.Sum(l => l.Tax ?? 0m) : null);
        if (storefront is null)
        {
            context.Notices.Add("the storefront sent no tax to compare with P21's");
            return;
        }

        P21Row? row = await context.Client.FirstOrDefaultAsync(
            new ODataQuery(options.Table, Filter: P21Reads.Eq("order_no", orderNo), Select: ["order_no", column], OrderBy: ["order_no"]),
            cancellationToken).ConfigureAwait(false);
        if (row is null || !row.TryGetDecimal(column, out decimal p21))
        {
            context.Notices.Add($"P21's tax of order {orderNo} could not be read from {options.Table}.{column} (Writer:TaxCheck)");
            return;
        }

        if (Math.Abs(p21 - storefront.Value) <= options.Tolerance)
        {
            return;
        }

        string difference = string.Create(CultureInfo.InvariantCulture,
            $"tax differs: the storefront charged {storefront.Value:0.00}, P21 computed {p21:0.00} (tolerance {options.Tolerance:0.00})");
        if (options.ParkForReview)
        {
            throw new WriteRejectedException(
                $"written as P21 order {orderNo}, but {difference}; review the order's tax in P21, then replay this record to accept it (or discard it)");
        }

        context.Notices.Add($"{difference} on P21 order {orderNo}");
    }
}
