using Microsoft.Extensions.Options;

namespace P21.Functions.Messaging;

/// <summary>Checks the Service Bus settings at start-up; every message names the setting and the fix.</summary>
internal sealed class ServiceBusMessagingOptionsValidator : IValidateOptions<ServiceBusMessagingOptions>
{
    public ValidateOptionsResult Validate(string? name, ServiceBusMessagingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var ns = options.FullyQualifiedNamespace?.Trim();
        if (string.IsNullOrEmpty(options.ConnectionString))
        {
            if (string.IsNullOrEmpty(ns))
            {
                failures.Add("ServiceBus:fullyQualifiedNamespace is missing; set ServiceBus__fullyQualifiedNamespace to the namespace host name, "
                    + "e.g. p21-prod.servicebus.windows.net (infra-bicep sets it), or set ServiceBus to an emulator connection string locally.");
            }
            else if (ns.Contains("://", StringComparison.Ordinal) || ns.Contains('/', StringComparison.Ordinal) || ns.Contains(';', StringComparison.Ordinal)
                || Uri.CheckHostName(ns) != UriHostNameType.Dns)
            {
                // Never echo the value: a pasted connection string carries its key.
                failures.Add("ServiceBus:fullyQualifiedNamespace is not a host name; use the bare name, e.g. p21-prod.servicebus.windows.net (no scheme, port or key).");
            }
        }
        else if (!options.ConnectionString.Contains("Endpoint=", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add("ServiceBus is set but is not a Service Bus connection string (no Endpoint=); remove it to use ServiceBus__fullyQualifiedNamespace, "
                + "or set the emulator's connection string.");
        }

        if (!string.IsNullOrWhiteSpace(options.Credential)
            && !string.Equals(options.Credential.Trim(), ServiceBusMessagingOptions.ManagedIdentityCredential, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"ServiceBus:credential '{options.Credential}' is not supported; use 'managedidentity' (with ServiceBus__clientId for a user-assigned identity) or leave it empty locally.");
        }

        if (string.IsNullOrWhiteSpace(options.ChangesTopic))
        {
            failures.Add("ServiceBus:ChangesTopic is empty; set it to the change-event topic (default p21-changes) or remove the setting.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
