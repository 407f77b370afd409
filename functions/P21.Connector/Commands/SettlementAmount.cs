using System.Globalization;

namespace P21.Connector.Commands;

/// <summary>How settlement amounts are shown in refusals, at intake and at write alike, so one settlement reads the same in both.</summary>
internal static class SettlementAmount
{
    public static string Format(decimal value) => value.ToString("0.00##", CultureInfo.InvariantCulture);
}
