using System.Text.Json.Serialization;

using P21.Cli.Commands.Amazon;
using P21.Cli.Commands.Check;
using P21.Cli.Commands.Discover;
using P21.Cli.Commands.Orders;
using P21.Cli.Commands.Settlements;
using P21.Cli.Hosting;
using P21.Connector.Poll.Pricing;
using P21.Connector.Storage;
using P21.Connector.Write;
using P21.Connector.Write.Journal;

namespace P21.Cli.Output;

/// <summary>Source-generated JSON for every <c>--json</c> output.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CheckReport))]
[JsonSerializable(typeof(WriteReport))]
[JsonSerializable(typeof(List<OrderVerdict>))]
[JsonSerializable(typeof(OrderReconciliationReport))]
[JsonSerializable(typeof(SettlementPreview))]
[JsonSerializable(typeof(List<ParkedRecord>))]
[JsonSerializable(typeof(ParkedRecord))]
[JsonSerializable(typeof(MappingDraft))]
[JsonSerializable(typeof(AmazonSettlementsReport))]
[JsonSerializable(typeof(AmazonReturnsReport))]
[JsonSerializable(typeof(AmazonOrdersReport))]
[JsonSerializable(typeof(AmazonCheckReport))]
[JsonSerializable(typeof(CustomerPrice))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
