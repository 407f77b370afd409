using System.Globalization;

using Microsoft.Extensions.Options;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Commands;

namespace P21.Connector.Write;

/// <summary>
/// Finds the P21 customer of an order's buyer: the source's house customer when one is set
/// (<see cref="WriterOptions.HouseCustomerIds"/>), else the customer mapping (platform customer id, then e-mail), then
/// P21 itself by e-mail, else a new web customer from <see cref="WriterOptions"/> defaults. Every match is saved as a
/// mapping so the next order skips the lookups.
/// </summary>
internal sealed class CustomerMatcher(WriteMappings mappings, IOptionsMonitor<WriterOptions> options)
{
    public const string Service = "Customer";
    public const string HeaderElement = "TABPAGE_1.tp_1_dw_1";
    public const string ShipToElement = "SHIP_TO_GENERAL.ship_to_general";

    /// <summary>The customer id for <paramref name="buyer"/>, creating a web customer when allowed.</summary>
    /// <exception cref="WriteRejectedException">No match, and creating is off or impossible.</exception>
    public async Task<string> MatchOrCreateAsync(
        WriteContext context, OrderCustomer buyer, PostalAddress? billTo, PostalAddress? shipTo, CancellationToken cancellationToken)
    {
        WriterOptions writer = options.CurrentValue;
        if (HouseCustomer(writer, context.Command.Source) is { } house)
        {
            return house;
        }

        RequireBuyer(buyer, context.Command.Source);

        string? found = await FindAsync(context, buyer.PlatformCustomerId, buyer.Email, cancellationToken).ConfigureAwait(false);
        if (found is not null)
        {
            return found;
        }

        if (!writer.CreateMissingCustomers)
        {
            throw new WriteRejectedException(
                $"no P21 customer matches platform customer {buyer.PlatformCustomerId ?? "(none)"}; map it (p21 mappings) or enable Writer:CreateMissingCustomers, then replay");
        }

        PostalAddress? mail = billTo ?? shipTo;
        string name = FirstNonEmpty(buyer.Company, buyer.Name, mail?.Company, mail?.Name)
            ?? throw new WriteRejectedException("the order's customer has no name, company or address name to create a P21 customer from");
        string customerId = await CreateAsync(context.Client, name, buyer.Email, buyer.Phone, mail, writer, cancellationToken).ConfigureAwait(false);
        await RememberAsync(context, buyer.PlatformCustomerId, buyer.Email, customerId, cancellationToken).ConfigureAwait(false);
        return customerId;
    }

    /// <summary>The source's house customer (<see cref="WriterOptions.HouseCustomerIds"/>), or null when it has none.</summary>
    public static string? HouseCustomer(WriterOptions writer, string source) =>
        writer.HouseCustomerIds.TryGetValue(source, out string? house) && !string.IsNullOrWhiteSpace(house) ? house.Trim() : null;

    /// <summary>A buyer P21 can be matched by: an e-mail or a platform customer id.</summary>
    /// <exception cref="WriteRejectedException">Neither (a POS or draft order): the fix is a house customer or a mapping.</exception>
    public static void RequireBuyer(OrderCustomer buyer, string source)
    {
        if (buyer.Email is not { Length: > 0 } && buyer.PlatformCustomerId is not { Length: > 0 })
        {
            throw new WriteRejectedException(
                $"the order has no buyer e-mail and no platform customer (a POS or draft order); set Writer:HouseCustomerIds:{source} to the P21 customer for such orders, or map the order's customer, then replay");
        }
    }

    /// <summary>The mapped or e-mail-matched customer id, or null. A P21 match is saved as a mapping.</summary>
    public async Task<string?> FindAsync(WriteContext context, string? platformCustomerId, string? email, CancellationToken cancellationToken)
    {
        string source = context.Command.Source;
        string? mapped = (platformCustomerId is { Length: > 0 }
                ? await mappings.CustomerIdAsync(context.Connection, source, platformCustomerId, cancellationToken).ConfigureAwait(false)
                : null)
            ?? (email is { Length: > 0 }
                ? await mappings.CustomerIdAsync(context.Connection, source, EmailKey(email), cancellationToken).ConfigureAwait(false)
                : null);
        if (mapped is not null)
        {
            return mapped;
        }

        string? found = (platformCustomerId is { Length: > 0 }
                ? await FindByWebCustomerIdAsync(context.Client, platformCustomerId, cancellationToken).ConfigureAwait(false)
                : null)
            ?? (email is { Length: > 0 } ? await FindByEmailAsync(context.Client, email, cancellationToken).ConfigureAwait(false) : null);
        if (found is not null)
        {
            await RememberAsync(context, platformCustomerId, email, found, cancellationToken).ConfigureAwait(false);
        }

        return found;
    }

    /// <summary>Saves the match under the platform id and the e-mail.</summary>
    public async Task RememberAsync(WriteContext context, string? platformCustomerId, string? email, string customerId, CancellationToken cancellationToken)
    {
        if (platformCustomerId is { Length: > 0 })
        {
            await mappings.SaveCustomerAsync(context.Connection, context.Command.Source, platformCustomerId, customerId, cancellationToken).ConfigureAwait(false);
        }

        if (email is { Length: > 0 })
        {
            await mappings.SaveCustomerAsync(context.Connection, context.Command.Source, EmailKey(email), customerId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Creates a web customer through the Customer service and returns the id P21 assigned.</summary>
    public static async Task<string> CreateAsync(
        P21Client client, string name, string? email, string? phone, PostalAddress? mail, WriterOptions writer, CancellationToken cancellationToken)
    {
        TransactionRequest request = TransactionRequest.Single(
            Service,
            DataElement.Form(HeaderElement, HeaderEdits(name, email, phone, mail, writer.DefaultSalesrepId, writer.WebCustomerClass)),
            DataElement.Form(ShipToElement, FieldEdits.Of(("default_branch", writer.DefaultBranch))));
        TransactionResult result = await client.SubmitTransactionAsync(request, cancellationToken).ConfigureAwait(false);
        TransactionVerdict.RequirePassed(result, Service);
        return result.FindValue("customer_id")
            ?? (email is { Length: > 0 } ? await FindByEmailAsync(client, email, cancellationToken).ConfigureAwait(false) : null)
            ?? throw new WriteRejectedException("P21 passed the Customer transaction but returned no customer_id");
    }

    /// <summary>The edits of the Customer header, in the window's typing order.</summary>
    public static FieldEdit[] HeaderEdits(string name, string? email, string? phone, PostalAddress? mail, string? salesrepId, string? customerClass) =>
        FieldEdits.Of(
            ("customer_name", P21Formats.Truncate(name, 50)),
            ("salesrep_id", salesrepId),
            ("mail_address1", P21Formats.Truncate(mail?.Line1, 50)),
            ("mail_address2", P21Formats.Truncate(mail?.Line2, 50)),
            ("mail_city", P21Formats.Truncate(mail?.City, 50)),
            ("mail_state", mail?.Region),
            ("mail_postal_code", mail?.PostalCode),
            ("mail_country", mail?.Country),
            ("central_phone_number", phone ?? mail?.Phone),
            ("email_address", email),
            ("class_1id", customerClass));

    /// <summary>A live customer whose address carries <paramref name="email"/> (P21 keeps a customer's e-mail on its address row).</summary>
    public static async Task<string?> FindByEmailAsync(P21Client client, string email, CancellationToken cancellationToken)
    {
        foreach (P21Row address in await client.ListAsync(
            new ODataQuery("address", Filter: P21Reads.NotDeleted(P21Reads.Eq("email_address", email.Trim())), Select: ["id"], OrderBy: ["id"], PageSize: 20),
            cancellationToken).ConfigureAwait(false))
        {
            if (!address.TryGetInt64("id", out long id))
            {
                continue;
            }

            P21Row? customer = await client.FirstOrDefaultAsync(
                new ODataQuery("customer", Filter: P21Reads.NotDeleted($"customer_id eq {ODataLiterals.Number(id)}"), Select: ["customer_id"], OrderBy: ["customer_id"]),
                cancellationToken).ConfigureAwait(false);
            if (customer is not null)
            {
                return id.ToString(CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>A live customer whose <c>customer_ud.ecommerce_customer_id</c> is the platform's id (a common P21 UDF).</summary>
    public static async Task<string?> FindByWebCustomerIdAsync(P21Client client, string platformCustomerId, CancellationToken cancellationToken)
    {
        P21Row? row = await client.FirstOrDefaultAsync(
            new ODataQuery("customer_ud", Filter: P21Reads.Eq("ecommerce_customer_id", platformCustomerId.Trim()), Select: ["customer_id"], OrderBy: ["customer_id"]),
            cancellationToken).ConfigureAwait(false);
        return row is not null && row.TryGetInt64("customer_id", out long id) ? id.ToString(CultureInfo.InvariantCulture) : null;
    }

    private static string EmailKey(string email) => "email:" + email.Trim().ToLowerInvariant();

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
}
