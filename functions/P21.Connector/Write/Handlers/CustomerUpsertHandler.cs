using Microsoft.Extensions.Options;

using P21.Connector.Client.Models;
using P21.Connector.Commands;

namespace P21.Connector.Write.Handlers;

/// <summary>
/// Creates or updates a P21 customer. The match (given P21 id, mapping, <c>customer_ud</c> web id, e-mail) runs
/// before any create, so a redelivery after a crash updates the customer it created instead of adding a second one.
/// </summary>
internal sealed class CustomerUpsertHandler(CustomerMatcher customers, IOptionsMonitor<WriterOptions> options) : WriteHandler<CustomerUpsert>
{
    /// <inheritdoc/>
    protected override async Task<string> HandleAsync(CustomerUpsert payload, WriteContext context, CancellationToken cancellationToken)
    {
        string name = string.IsNullOrWhiteSpace(payload.Company) ? payload.Name.Trim() : payload.Company.Trim();
        if (name.Length == 0)
        {
            throw new WriteRejectedException($"customer {payload.ExternalCustomerId} has no name");
        }

        string? customerId = payload.P21CustomerId is { Length: > 0 } given
            ? given.Trim()
            : await customers.FindAsync(context, payload.ExternalCustomerId, payload.Email, cancellationToken).ConfigureAwait(false);

        WriterOptions writer = options.CurrentValue;
        if (customerId is null)
        {
            customerId = await CustomerMatcher.CreateAsync(context.Client, name, payload.Email, payload.Phone, payload.MailingAddress, writer, cancellationToken).ConfigureAwait(false);
            await customers.RememberAsync(context, payload.ExternalCustomerId, payload.Email, customerId, cancellationToken).ConfigureAwait(false);
            return customerId;
        }

        TransactionRequest request = BuildUpdate(customerId, name, payload);
        TransactionResult result = await context.Client.SubmitTransactionAsync(request, cancellationToken).ConfigureAwait(false);
        TransactionVerdict.RequirePassed(result, CustomerMatcher.Service);
        await customers.RememberAsync(context, payload.ExternalCustomerId, payload.Email, customerId, cancellationToken).ConfigureAwait(false);
        return customerId;
    }

    /// <summary>An update keyed on <c>customer_id</c>; the salesrep and class stay as P21 has them.</summary>
    internal static TransactionRequest BuildUpdate(string customerId, string name, CustomerUpsert payload) =>
        TransactionRequest.Single(
            CustomerMatcher.Service,
            new DataElement(
                CustomerMatcher.HeaderElement,
                "Form",
                ["customer_id"],
                [new DataElementRow([new FieldEdit("customer_id", customerId), .. CustomerMatcher.HeaderEdits(name, payload.Email, payload.Phone, payload.MailingAddress, null, null)])]));
}
