using System.Globalization;

using P21.Sandbox.Business;
using P21.Sandbox.Data;

namespace P21.Sandbox.Transactions;

/// <summary>
/// The ShipTo service (Ship To Maintenance): adds a ship-to and its address row to an existing customer. The ship-to id
/// is the next address id, as the Customer service assigns ids.
/// </summary>
internal static class ShipToWindow
{
    private const string Header = "TABPAGE_1.tp_1_dw_1";

    public static async Task<List<ResultElement>> SaveAsync(WindowInput input, WriteSession session, CancellationToken cancellationToken)
    {
        Dictionary<string, string?> h = input.Form(Header);
        string? v(string field) => ValueParsing.Trimmed(WindowInput.Value(h, field));
        if (v("ship_to_id") is not null)
        {
            throw new BusinessRuleException("Ship To ID is assigned by P21; leave it empty to add a ship-to.");
        }

        string customerText = v("customer_id") ?? throw new BusinessRuleException("Customer ID is required.");
        decimal customerId = ValueParsing.Decimal(customerText, "customer_id")!.Value;
        Dictionary<string, object?> customer = await session.RowAsync("SELECT company_id FROM customer WHERE customer_id = $c AND delete_flag = 'N'", cancellationToken, ("$c", customerId))
            ?? throw new BusinessRuleException($"Customer ID {customerText} is not valid.");
        string name = v("name") ?? throw new BusinessRuleException("Name is required.");
        string line1 = v("mail_address1") ?? throw new BusinessRuleException("Address 1 is required.");
        foreach ((string field, int width) in new[] { ("name", 50), ("mail_address1", 50), ("mail_address2", 50), ("mail_city", 50), ("mail_state", 50), ("mail_postal_code", 10), ("mail_country", 50) })
        {
            if (v(field) is { } text && text.Length > width)
            {
                throw new BusinessRuleException($"{field} cannot be longer than {width} characters.");
            }
        }

        string branch = v("default_branch") ?? throw new BusinessRuleException("Default Branch is required.");
        if (await session.RowAsync("SELECT location_id FROM location WHERE CAST(location_id AS TEXT) = $b OR default_branch_id = $b", cancellationToken, ("$b", branch)) is null)
        {
            throw new BusinessRuleException($"Default Branch {branch} is not valid.");
        }

        long id = await session.ExecuteAsync<long>("SELECT MAX(COALESCE((SELECT MAX(id) FROM address), 0), $base) + 1", cancellationToken, ("$base", SeedGenerator.CustomerBase));
        long uid = await session.ExecuteAsync<long>("SELECT COALESCE(MAX(ship_to_uid), 0) + 1 FROM ship_to", cancellationToken);
        await session.RunAsync(
            """
            INSERT INTO address (id, name, mail_address1, mail_address2, mail_city, mail_state, mail_postal_code, mail_country, phys_address1, phys_address2, phys_city, phys_state, phys_postal_code,
              phys_country, central_phone_number, email_address, corp_address_id, delete_flag)
            VALUES ($id, $n, $a1, $a2, $city, $st, $zip, $country, $a1, $a2, $city, $st, $zip, $country, $phone, $email, $corp, 'N')
            """,
            cancellationToken, ("$id", id), ("$n", name), ("$a1", line1), ("$a2", v("mail_address2")), ("$city", v("mail_city")), ("$st", v("mail_state")), ("$zip", v("mail_postal_code")),
            ("$country", v("mail_country")), ("$phone", v("central_phone_number")), ("$email", v("email_address")), ("$corp", customerId));
        await session.RunAsync(
            "INSERT INTO ship_to (company_id, ship_to_id, customer_id, default_branch, terms_id, ship_to_uid, delete_flag) VALUES ($co, $id, $c, $b, 'NET30', $uid, 'N')",
            cancellationToken, ("$co", customer["company_id"]), ("$id", id), ("$c", customerId), ("$b", branch), ("$uid", uid));
        return [TransactionProcessor.Echo(Header, "Form", ["ship_to_id"], "ship_to_id", id.ToString(CultureInfo.InvariantCulture), h)];
    }
}
