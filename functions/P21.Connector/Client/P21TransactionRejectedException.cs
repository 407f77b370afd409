using System.Globalization;
using System.Text.RegularExpressions;

using P21.Connector.Client.Models;

namespace P21.Connector.Client;

/// <summary>
/// P21 answered 200 but one or more transactions failed. Never transient: the same payload fails the same way.
/// <see cref="Messages"/> are P21's, unchanged.
/// </summary>
public partial class P21TransactionRejectedException : P21RequestFailedException
{
    /// <summary>Creates the exception from P21's result.</summary>
    public P21TransactionRejectedException(string service, TransactionResult result)
        : base(BuildMessage(service, result), 200, isTransient: false, errorCode: "TransactionFailed",
            p21Message: string.Join(" | ", result?.Messages ?? []),
            hint: "fix the data P21 names in Messages (they come from the P21 window's own validation) and submit again")
    {
        ArgumentNullException.ThrowIfNull(result);
        Service = service;
        Result = result;
        Messages = result.Messages ?? [];
        MessagesByTransaction = GroupByTransaction(Messages);
    }

    /// <summary>Creates an exception with only a message.</summary>
    public P21TransactionRejectedException(string message)
        : this(message, innerException: null!)
    {
    }

    /// <summary>Creates an exception with a message and an inner exception.</summary>
    public P21TransactionRejectedException(string message, Exception innerException)
        : base(message, 200, false, innerException: innerException)
    {
        Service = "";
        Result = new TransactionResult([], null, null);
        Messages = [];
        MessagesByTransaction = new Dictionary<int, IReadOnlyList<string>>();
    }

    /// <summary>Creates an empty exception.</summary>
    public P21TransactionRejectedException()
        : this("P21 rejected the transaction.")
    {
    }

    /// <summary>The service that was called.</summary>
    public string Service { get; }

    /// <summary>The whole result; passed transactions in a mixed batch still carry their rows.</summary>
    public TransactionResult Result { get; }

    /// <summary>P21's messages, unchanged.</summary>
    public IReadOnlyList<string> Messages { get; }

    /// <summary>The messages grouped by the 1-based transaction number P21 prefixes them with (<c>Transaction 2:: …</c>).</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<string>> MessagesByTransaction { get; }

    private static string BuildMessage(string service, TransactionResult? result)
    {
        int failed = result?.Summary?.Failed ?? 0;
        string messages = string.Join(" | ", result?.Messages ?? []);
        return string.Create(CultureInfo.InvariantCulture, $"P21 rejected {failed} transaction(s) of service '{service}': {messages}");
    }

    private static Dictionary<int, IReadOnlyList<string>> GroupByTransaction(IReadOnlyList<string> messages)
    {
        var groups = new Dictionary<int, List<string>>();
        foreach (string message in messages)
        {
            Match match = TransactionPrefix().Match(message);
            int number = match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            if (!groups.TryGetValue(number, out List<string>? list))
            {
                groups[number] = list = [];
            }

            list.Add(message);
        }

        return groups.ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Value);
    }

    [GeneratedRegex(@"^\s*Transaction\s+(\d+)\s*::", RegexOptions.CultureInvariant)]
    private static partial Regex TransactionPrefix();
}
