using System.CommandLine;

using P21.Cli.Hosting;

namespace P21.Cli.Commands.Orders;

/// <summary><c>p21 orders submit|dry-run|reconcile</c>: storefront orders through intake and the writer, in-process, and checked against P21.</summary>
internal sealed class OrdersCommandDefinition : Command
{
    public OrdersCommandDefinition(GlobalOptions options)
        : base("orders", "Submit storefront order payloads through intake and the writer once, dry-run them, or reconcile recent orders with P21")
    {
        Subcommands.Add(new OrdersSubmitCommandDefinition(options));
        Subcommands.Add(new OrdersDryRunCommandDefinition(options));
        Subcommands.Add(new OrdersReconcileCommandDefinition(options));
    }
}

/// <summary><c>p21 orders submit</c>.</summary>
internal sealed class OrdersSubmitCommandDefinition : Command
{
    public readonly Option<string> Source = new("--source") { Description = "Platform: shopify, woocommerce, bigcommerce, amazon or a generic source name", Required = true };

    public readonly Option<FileInfo> File = new("--file") { Description = "The order payload exactly as the platform sent it", Required = true, HelpName = "payload" };

    public readonly Option<FileInfo?> Headers = new("--headers")
    {
        Description = "The delivery's headers (JSON object or 'Name: value' lines); without it the CLI signs the payload with the source's configured secret",
        HelpName = "file",
    };

    public readonly Option<bool> Json = new("--json") { Description = "Write the result as JSON" };

    public OrdersSubmitCommandDefinition(GlobalOptions options)
        : base("submit", "Validate one order payload (intake) and write it to P21 (writer), with the same idempotency rules: submitting twice writes once")
    {
        Options.Add(Source);
        Options.Add(File);
        Options.Add(Headers);
        Options.Add(Json);
        SetAction((parseResult, cancellationToken) => CliRunner.RunAsync(
            parseResult, options, (session, ct) => new OrdersSubmitAction(parseResult, this, session).RunAsync(ct), cancellationToken));
    }
}

/// <summary><c>p21 orders dry-run</c>.</summary>
internal sealed class OrdersDryRunCommandDefinition : Command
{
    public readonly Option<string> Source = new("--source") { Description = "Platform: shopify, woocommerce, bigcommerce, amazon or a generic source name", Required = true };

    public readonly Option<FileInfo?> File = new("--file") { Description = "Payloads: one JSON object, a JSON array, or NDJSON", HelpName = "payloads" };

    public readonly Option<int?> Last = new("--last") { Description = "Re-check the last N storefront orders the intake accepted (read from --storage; in memory mode only this process's)", HelpName = "n" };

    public readonly Option<bool> Json = new("--json") { Description = "Write the verdicts as JSON" };

    public OrdersDryRunCommandDefinition(GlobalOptions options)
        : base("dry-run", "Validate order payloads and show what the writer would write or park; writes nothing")
    {
        Options.Add(Source);
        Options.Add(File);
        Options.Add(Last);
        Options.Add(Json);
        SetAction((parseResult, cancellationToken) => CliRunner.RunAsync(
            parseResult, options, (session, ct) => new OrdersDryRunAction(parseResult, this, session).RunAsync(ct), cancellationToken));
    }
}

/// <summary><c>p21 orders reconcile</c>.</summary>
internal sealed class OrdersReconcileCommandDefinition : Command
{
    public readonly Option<SinceValue?> Since = new("--since")
    {
        Description = $"Reconcile the orders the intake accepted since then: {SinceOption.Forms}",
        HelpName = "date|duration",
        Required = true,
        CustomParser = SinceOption.Parse,
    };

    public readonly Option<bool> Json = new("--json") { Description = "Write the orders and their differences as JSON" };

    public OrdersReconcileCommandDefinition(GlobalOptions options)
        : base("reconcile", "Compare the storefront orders the intake accepted (read from --storage) with the P21 orders that carry their ids: lines, quantities, prices, charges and totals; exits 1 on any difference")
    {
        Options.Add(Since);
        Options.Add(Json);
        SetAction((parseResult, cancellationToken) => CliRunner.RunAsync(
            parseResult, options, (session, ct) => new OrdersReconcileAction(parseResult, this, session).RunAsync(ct), cancellationToken));
    }
}
