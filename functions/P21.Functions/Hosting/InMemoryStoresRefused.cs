using Microsoft.Extensions.Options;

using P21.Connector.Storage;

namespace P21.Functions.Hosting;

/// <summary>
/// The Function App refuses <c>Storage:ConnectionString=memory</c>: each instance would keep its own watermarks, leases
/// and idempotency ledger, lost on every restart, so a scaled-out or restarted app re-publishes events and writes the
/// same order into P21 twice. The CLI and the tests keep memory stores; they are one process by construction.
/// </summary>
internal sealed class InMemoryStoresRefused : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.UsesMemory
            ? ValidateOptionsResult.Fail("Storage:ConnectionString is 'memory', which the Function App refuses: every instance would keep its own "
                + "watermarks and idempotency ledger, lost on restart, so orders could be written to P21 twice. Use 'UseDevelopmentStorage=true' "
                + "with Azurite locally, or Storage:TableServiceUri and Storage:QueueServiceUri in Azure (infra-bicep sets them).")
            : ValidateOptionsResult.Success;
    }
}
