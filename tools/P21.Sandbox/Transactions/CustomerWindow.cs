using System.Globalization;

using P21.Sandbox.Business;
using P21.Sandbox.Data;

namespace P21.Sandbox.Transactions;

/// <summary>The Customer service: a customer, its address, its default ship-to and its UD row.</summary>
internal static class CustomerWindow
{
    public static async Task<List<ResultElement>> SaveAsync(WindowInput input, WriteSession session, CancellationToken cancellationToken)
    {
        Dictionary<string, string?> h = input.Form("TABPAGE_1.tp_1_dw_1");
        Dictionary<string, string?> shipTo = input.Form("SHIP_TO_GENERAL.ship_to_general");
        string? v(string field) => ValueParsing.Trimmed(WindowInput.Value(h, field));

        if (v("customer_id") is { } existingText)
        {
            decimal existingId = ValueParsing.Decimal(existingText, "customer_id")!.Value;
            if (await session.RowAsync("SELECT customer_id FROM customer WHERE customer_id = $c", cancellationToken, ("$c", existingId)) is null)
            {
                throw new BusinessRuleException($"Customer ID {existingText} does not exist.");
            }

            string?[] classes = Classes(v);
            await session.RunAsync(
                """
                UPDATE customer SET customer_name = COALESCE($n, customer_name), salesrep_id = COALESCE($s, salesrep_id), terms_id = COALESCE($t, terms_id),
                  class_1id = COALESCE($c1, class_1id), class_2id = COALESCE($c2, class_2id), class_3id = COALESCE($c3, class_3id), class_4id = COALESCE($c4, class_4id),
                  class_5id = COALESCE($c5, class_5id)
                WHERE customer_id = $c
                """,
                cancellationToken, ("$n", v("customer_name")), ("$s", v("salesrep_id")), ("$t", v("terms_id")), ("$c1", classes[0]), ("$c2", classes[1]), ("$c3", classes[2]),
                ("$c4", classes[3]), ("$c5", classes[4]), ("$c", existingId));
            await session.RunAsync(
                """
                UPDATE address SET name = COALESCE($n, name), mail_address1 = COALESCE($a1, mail_address1), mail_address2 = COALESCE($a2, mail_address2), mail_city = COALESCE($city, mail_city),
                  mail_state = COALESCE($st, mail_state), mail_postal_code = COALESCE($zip, mail_postal_code), mail_country = COALESCE($country, mail_country),
                  central_phone_number = COALESCE($phone, central_phone_number), email_address = COALESCE($email, email_address) WHERE id = $c
                """,
                cancellationToken, ("$n", v("customer_name")), ("$a1", v("mail_address1")), ("$a2", v("mail_address2")), ("$city", v("mail_city")), ("$st", v("mail_state")),
                ("$zip", v("mail_postal_code")), ("$country", v("mail_country")), ("$phone", v("central_phone_number")), ("$email", v("email_address")), ("$c", existingId));
            return [TransactionProcessor.Echo("TABPAGE_1.tp_1_dw_1", "Form", ["customer_id"], "customer_id", existingText, h)];
        }

        string name = v("customer_name") ?? throw new BusinessRuleException("Customer Name is required.");
        if (name.Length > 50)
        {
            throw new BusinessRuleException("Customer Name cannot be longer than 50 characters.");
        }

        string?[] newClasses = Classes(v);

        // P21 reports the missing salesrep through the ship-to it copies it to.
        string salesrep = v("salesrep_id") ?? throw new BusinessRuleException("Ship To: Salesrep ID is required.");
        string branch = ValueParsing.Trimmed(WindowInput.Value(shipTo, "default_branch")) ?? throw new BusinessRuleException("Default Branch is required.");
        if (await session.RowAsync("SELECT location_id FROM location WHERE CAST(location_id AS TEXT) = $b OR default_branch_id = $b", cancellationToken, ("$b", branch)) is null)
        {
            throw new BusinessRuleException($"Default Branch {branch} is not valid.");
        }

        long id = await session.ExecuteAsync<long>("SELECT MAX(COALESCE((SELECT MAX(id) FROM address), 0), $base) + 1", cancellationToken, ("$base", SeedGenerator.CustomerBase));
        long uid = await session.ExecuteAsync<long>("SELECT COALESCE(MAX(customer_uid), 0) + 1 FROM customer", cancellationToken);
        long shipToUid = await session.ExecuteAsync<long>("SELECT COALESCE(MAX(ship_to_uid), 0) + 1 FROM ship_to", cancellationToken);
        string company = SeedGenerator.CompanyId;
        await session.RunAsync(
            """
            INSERT INTO address (id, name, mail_address1, mail_address2, mail_city, mail_state, mail_postal_code, mail_country, phys_address1, phys_city, phys_state, phys_postal_code, phys_country,
              central_phone_number, email_address, corp_address_id, delete_flag)
            VALUES ($id, $n, $a1, $a2, $city, $st, $zip, $country, $a1, $city, $st, $zip, $country, $phone, $email, $id, 'N')
            """,
            cancellationToken, ("$id", id), ("$n", name), ("$a1", v("mail_address1")), ("$a2", v("mail_address2")), ("$city", v("mail_city")), ("$st", v("mail_state")), ("$zip", v("mail_postal_code")),
            ("$country", v("mail_country")), ("$phone", v("central_phone_number")), ("$email", v("email_address")));
        await session.RunAsync(
            """
            INSERT INTO customer (company_id, customer_id, customer_name, salesrep_id, terms_id, credit_limit, credit_limit_used, credit_status, taxable_flag,
              class_1id, class_2id, class_3id, class_4id, class_5id, price_library_id, currency_id, web_enabled_flag, customer_type_cd, customer_uid, delete_flag)
            VALUES ($co, $id, $n, $s, $t, 0, 0, 'OK', 'Y', $c1, $c2, $c3, $c4, $c5, 'RETAIL', 1, 'Y', 1202, $uid, 'N')
            """,
            cancellationToken, ("$co", company), ("$id", id), ("$n", name), ("$s", salesrep), ("$t", v("terms_id") ?? "NET30"), ("$c1", newClasses[0]), ("$c2", newClasses[1]),
            ("$c3", newClasses[2]), ("$c4", newClasses[3]), ("$c5", newClasses[4]), ("$uid", uid));
        await session.RunAsync(
            "INSERT INTO ship_to (company_id, ship_to_id, customer_id, default_branch, terms_id, ship_to_uid, delete_flag) VALUES ($co, $id, $id, $b, $t, $uid, 'N')",
            cancellationToken, ("$co", company), ("$id", id), ("$b", branch), ("$t", v("terms_id") ?? "NET30"), ("$uid", shipToUid));
        await session.RunAsync("INSERT INTO customer_ud (company_id, customer_id, customer_ud_uid) VALUES ($co, $id, $uid)", cancellationToken, ("$co", company), ("$id", id), ("$uid", uid));
        return [TransactionProcessor.Echo("TABPAGE_1.tp_1_dw_1", "Form", ["customer_id"], "customer_id", id.ToString(CultureInfo.InvariantCulture), h)];
    }

    /// <summary>class_1id..class_5id as sent (null when not sent or empty); P21 keeps customer classes in 8 characters.</summary>
    private static string?[] Classes(Func<string, string?> value)
    {
        var classes = new string?[5];
        for (int i = 0; i < classes.Length; i++)
        {
            string field = $"class_{i + 1}id";
            classes[i] = value(field) is { } c && c.Length > 8
                ? throw new BusinessRuleException($"Customer Class {i + 1} cannot be longer than 8 characters.")
                : value(field);
        }

        return classes;
    }
}
