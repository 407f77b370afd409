using Microsoft.Extensions.Options;

using P21.Connector.Client;
using P21.Connector.Commands;

namespace P21.Connector.Write;

/// <summary>
/// What the writer would send P21 for a sales-order command, with writes switched off: the same plan
/// (<see cref="OrderPlan"/>), item matching and header rules as <c>SalesOrderCreateHandler</c>, without creating a
/// customer or ship-to and without saving a mapping. <c>p21 orders dry-run</c> prints it.
/// </summary>
public sealed class SalesOrderDryRun
{
    private readonly ItemMatcher _items;
    private readonly WriteMappings _mappings;
    private readonly IOptionsMonitor<WriterOptions> _writer;
    private readonly IOptionsMonitor<OrderEligibilityPolicy> _intake;

    internal SalesOrderDryRun(ItemMatcher items, WriteMappings mappings, IOptionsMonitor<WriterOptions> writer, IOptionsMonitor<OrderEligibilityPolicy> intake)
    {
        _items = items;
        _mappings = mappings;
        _writer = writer;
        _intake = intake;
    }

    /// <summary>Previews <paramref name="command"/>'s order against <paramref name="client"/>'s P21 (reads only).</summary>
    public async Task<SalesOrderPreview> PreviewAsync(WriteCommand command, SalesOrderCreate order, P21Client client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(client);
        if (OrderEligibility.Refusal(order, _intake.CurrentValue.EligibilityFor(command.Source)) is { } refusal)
        {
            return new SalesOrderPreview("skip", $"not written: {refusal}", [], [], null);
        }

        WriterOptions writer = _writer.CurrentValue;
        List<string> notices = [];
        try
        {
            OrderPlan plan = OrderPlan.For(order, writer);
            notices.AddRange(plan.Notices);
            List<PlannedLine> products = [.. plan.Products];
            IReadOnlyList<string> itemIds = await _items.MatchAsync(client, command.Connection, command.Source, [.. products.Select(p => p.Sku!)], cancellationToken).ConfigureAwait(false);
            int product = 0;
            List<SalesOrderPreviewLine> lines = [];
            for (int i = 0; i < plan.Lines.Count; i++)
            {
                PlannedLine line = plan.Lines[i];
                lines.Add(new SalesOrderPreviewLine(UserLineNumbers.For(i + 1), line.Sku is null ? line.ItemId! : itemIds[product++], line.Sku, line.Quantity, line.UnitPrice, line.Description));
            }

            string customer = await CustomerAsync(command, order, writer, cancellationToken).ConfigureAwait(false);
            var header = OrderHeader.For(order, customer, new ShipToChoice("(matched at write time)", null), DateOnly.FromDateTime(order.OrderDate.UtcDateTime), null, writer, notices);
            return new SalesOrderPreview("write", $"sales order for {customer}", lines, notices, header.Edits.Where(e => e.Value is not null).ToDictionary(e => e.Name, e => e.Value));
        }
        catch (WriteRejectedException ex)
        {
            return new SalesOrderPreview("park", ex.Message, [], notices, null);
        }
    }

    private async Task<string> CustomerAsync(WriteCommand command, SalesOrderCreate order, WriterOptions writer, CancellationToken cancellationToken)
    {
        if (CustomerMatcher.HouseCustomer(writer, command.Source) is { } house)
        {
            return $"house customer {house}";
        }

        CustomerMatcher.RequireBuyer(order.Customer, command.Source);

        string? mapped = order.Customer.PlatformCustomerId is { Length: > 0 } id
            ? await _mappings.CustomerIdAsync(command.Connection, command.Source, id, cancellationToken).ConfigureAwait(false)
            : null;
        return mapped is not null ? $"customer {mapped}" : "a customer matched by e-mail, or a new web customer";
    }
}

/// <summary>A dry-run verdict: <c>write</c>, <c>skip</c> (not eligible) or <c>park</c>, with what P21 would get.</summary>
/// <param name="Verdict">What the writer would do.</param>
/// <param name="Detail">One line: for whom, or why not.</param>
/// <param name="Lines">The lines P21 would get, charges included, at their net unit prices.</param>
/// <param name="Notices">What the write would change from the command (skipped lines, cut fields).</param>
/// <param name="Header">The Order header fields the writer would type (customer and ship-to as far as known).</param>
public sealed record SalesOrderPreview(
    string Verdict, string Detail, IReadOnlyList<SalesOrderPreviewLine> Lines, IReadOnlyList<string> Notices, IReadOnlyDictionary<string, string?>? Header);

/// <summary>One line a dry run would write.</summary>
/// <param name="UserLineNo">The connector's line handle (010, 020, …).</param>
/// <param name="ItemId">The P21 item.</param>
/// <param name="Sku">The platform SKU, or null for a charge or gift-card line.</param>
/// <param name="Quantity">Units.</param>
/// <param name="UnitPrice">The net unit price (manual price override).</param>
/// <param name="Description">The platform's title.</param>
public sealed record SalesOrderPreviewLine(string UserLineNo, string ItemId, string? Sku, decimal Quantity, decimal UnitPrice, string? Description);
