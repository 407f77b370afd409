using System.CommandLine;
using System.Globalization;

using P21.Cli.Hosting;
using P21.Cli.Output;
using P21.Connector.Poll.Pricing;

namespace P21.Cli.Commands.Price;

/// <summary>Asks <see cref="CustomerPrices"/> for one price and prints it, or why there is none.</summary>
internal sealed class PriceAction(ParseResult parseResult, PriceCommandDefinition definition, CliSession session)
{
    private readonly string _customer = parseResult.GetValue(definition.Customer)!;
    private readonly string _item = parseResult.GetValue(definition.Item)!;
    private readonly decimal _quantity = parseResult.GetValue(definition.Quantity);
    private readonly bool _json = parseResult.GetValue(definition.Json);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        session.Settings.RequireP21();
        PriceAnswers answers;
        try
        {
            answers = await session.Get<CustomerPrices>().GetAsync(session.Connection, [new PriceQuestion(_customer, _item, _quantity)], cancellationToken);
        }
        catch (PriceQuestionException ex)
        {
            string field = ex.ParamName == "qty" ? "--qty" : ex.ParamName ?? "the arguments";
            throw new CliUsageException($"{ex.Reason} — fix {field}", ex);
        }

        if (answers.Prices is [CustomerPrice price])
        {
            if (_json)
            {
                session.Output.Json(price, CliJsonContext.Default.CustomerPrice);
            }
            else
            {
                session.Output.Result(true, string.Create(CultureInfo.InvariantCulture,
                    $"customer {price.CustomerId}, {price.ItemId} x {price.Quantity}: {price.UnitPrice} each{(price.UnitOfMeasure is { } unit ? $" per {unit}" : "")}, {price.ExtendedPrice} in all{(price.Source is { } source ? $" ({source})" : "")}"));
            }

            return ExitCodes.Ok;
        }

        session.Output.Result(false, answers switch
        {
            { UnknownCustomers.Count: > 0 } => $"P21 has no live customer '{_customer.Trim()}' — check the id (p21 sync customers lists them)",
            { Unpriceable.Count: > 0 } => $"P21's price call cannot address '{_item.Trim()}': an item id holding a '/' is 404 there however it is encoded",
            _ => $"P21 has no live item '{_item.Trim()}' — check the id",
        });
        return ExitCodes.Failure;
    }
}
