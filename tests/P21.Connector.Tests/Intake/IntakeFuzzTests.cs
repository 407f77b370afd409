using System.Text;

using FsCheck;
using FsCheck.Fluent;

using P21.Connector.Intake;

namespace P21.Connector.Tests.Intake;

/// <summary>
/// Property-based fuzzing: every source gets 1000 mutated bodies (byte flips, cuts, splices, hostile JSON tokens),
/// most re-signed with the right secret so they reach the parser. Intake must answer 202 or a 4xx problem, never
/// throw, and enqueue exactly one message per 202 and none for anything else.
/// </summary>
public sealed class IntakeFuzzTests : IAsyncLifetime
{
    private const int Runs = 1000;

    private static readonly string[] Tokens =
    [
        "null", "{}", "[]", "\"\"", "-1", "0", "1e400", "-0.0", "true", "\"\\u0000\"", "\"\\ud800\"", "99999999999999999999999999999999",
        "\"2026-13-45T99:99:99Z\"", "\"  \"", "[[[[[[[[]]]]]]]]", "{\"a\":", "\"é€𝄞\"", "NaN", "\"1,5\"", "\"-5\"",
    ];

    private BigCommerceApiFake _api = null!;

    private sealed record Mutation(int Kind, int Position, int Length, byte Value, int Token);

    private sealed record Case(byte[] Body, bool Resign)
    {
        public override string ToString() => $"Resign={Resign} Body={Encoding.UTF8.GetString(Body)}";
    }

    public async Task InitializeAsync() => _api = await BigCommerceApiFake.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public void AcceptAsync_MutatedShopifyBodies_AnswerOnly202Or4xx() =>
        Fuzz("shopify-orders-create.json", (fx, body, resign) => resign ? fx.Shopify(body) : fx.Shopify(Samples.Bytes("shopify-orders-create.json")) with { Body = body });

    [Fact]
    public void AcceptAsync_MutatedWooCommerceBodies_AnswerOnly202Or4xx() =>
        Fuzz("woocommerce-order-created.json", (fx, body, resign) => resign ? fx.WooCommerce(body) : fx.WooCommerce(Samples.Bytes("woocommerce-order-created.json")) with { Body = body });

    [Fact]
    public void AcceptAsync_MutatedBigCommerceBodies_AnswerOnly202Or4xx() =>
        Fuzz("bigcommerce-store-order-created.json", (fx, body, resign) => resign ? fx.BigCommerce(body) : fx.BigCommerce(body, h => h["X-P21-Webhook-Token"] = "wrong"), useApi: true);

    [Fact]
    public void AcceptAsync_MutatedAmazonOrders_AnswerOnly202Or4xx() =>
        Fuzz("amazon-order.json", (fx, body, resign) => resign ? fx.Amazon("orders", body) : fx.Amazon("orders", Samples.Bytes("amazon-order.json")) with { Body = body });

    [Fact]
    public void AcceptAsync_MutatedGenericOrders_AnswerOnly202Or4xx() =>
        Fuzz("generic-order.json", (fx, body, resign) => resign ? fx.Generic("orders", body) : fx.Generic("orders", Samples.Bytes("generic-order.json")) with { Body = body });

    [Fact]
    public void AcceptAsync_MutatedGenericCustomers_AnswerOnly202Or4xx() =>
        Fuzz("generic-customer.json", (fx, body, _) => fx.Generic("customers", body));

    [Fact]
    public void AcceptAsync_MutatedGenericPurchaseOrders_AnswerOnly202Or4xx() =>
        Fuzz("generic-purchase-order.json", (fx, body, _) => fx.Generic("purchase-orders", body));

    [Fact]
    public void AcceptAsync_MutatedSettlementFlatFiles_AnswerOnly202Or4xx() =>
        Fuzz("amazon-settlement-v2.tsv", (fx, body, _) => fx.Amazon("settlements", body, "text/tab-separated-values"));

    [Fact]
    public void AcceptAsync_MutatedGenericSettlements_AnswerOnly202Or4xx() =>
        Fuzz("generic-settlement.json", (fx, body, _) => fx.Generic("settlements", body));

    private void Fuzz(string sample, Func<IntakeFixture, byte[], bool, IntakeRequest> request, bool useApi = false)
    {
        var original = Samples.Bytes(sample);
        using var fx = new IntakeFixture(useApi ? _api.BaseUrl : null, o => o.BigCommerce.RequestTimeout = TimeSpan.FromMilliseconds(500));
        var statuses = new Dictionary<int, int>();
        var property = Prop.ForAll(Cases(original).ToArbitrary(), @case =>
        {
            var before = fx.Queue.Messages.Count;
            IntakeResult result;
            try
            {
                result = Task.Run(() => fx.SendAsync(request(fx, @case.Body, @case.Resign))).GetAwaiter().GetResult();
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"Intake threw for {@case}", ex);
            }

            statuses[result.StatusCode] = statuses.GetValueOrDefault(result.StatusCode) + 1;
            var enqueued = fx.Queue.Messages.Count - before;
            // 200 is an authentic, well-formed order that is not to be written (unpaid, cancelled, test): nothing enqueued.
            var allowed = result.StatusCode is 200 or 202 or 400 or 401 or 404 or 413 or 415 or 422
                || (useApi && result is IntakeResult.Rejected { Problem.Type: IntakeProblems.UnavailableType });
            return allowed && enqueued == (result.StatusCode == 202 ? 1 : 0);
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Runs).WithQuietOnSuccess(true), property);

        Assert.Equal(Runs, statuses.Values.Sum());
        Assert.True(statuses.GetValueOrDefault(202) > 0, $"no mutated body was accepted: {string.Join(", ", statuses)}");
        Assert.True(statuses.Keys.Any(s => s is 400 or 422), $"no mutated body was refused by the parser: {string.Join(", ", statuses)}");
    }

    private static Gen<Case> Cases(byte[] original)
    {
        var mutation =
            from kind in Gen.Choose(0, 7)
            from position in Gen.Choose(0, 1_000_000)
            from length in Gen.Choose(0, 48)
            from value in Gen.Choose(0, 255)
            from token in Gen.Choose(0, Tokens.Length - 1)
            select new Mutation(kind, position, length, (byte)value, token);
        var mutated =
            from count in Gen.Choose(0, 4)
            from mutations in Gen.ArrayOf(mutation, count)
            from resign in Gen.Frequency((9, Gen.Constant(true)), (1, Gen.Constant(false)))
            select new Case(Apply(original, mutations), resign);
        var noise =
            from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b))
            select new Case(bytes, true);
        return Gen.Frequency((9, mutated), (1, noise));
    }

    private static byte[] Apply(byte[] original, Mutation[] mutations)
    {
        var body = new List<byte>(original);
        foreach (var m in mutations)
        {
            var at = body.Count == 0 ? 0 : m.Position % body.Count;
            var length = Math.Min(m.Length, body.Count - at);
            switch (m.Kind)
            {
                case 0:
                    if (body.Count > 0)
                    {
                        body[at] = m.Value;
                    }

                    break;
                case 1:
                    body.RemoveRange(at, length);
                    break;
                case 2:
                    body.InsertRange(at, Enumerable.Repeat(m.Value, Math.Max(1, length)));
                    break;
                case 3:
                    body.RemoveRange(at, body.Count - at);
                    break;
                case 4:
                    body.InsertRange(at, body.GetRange(at, length));
                    break;
                default:
                    // Replace the value after a JSON colon (or any span) with a hostile token.
                    var colon = body.IndexOf((byte)':', at);
                    var start = colon < 0 ? at : colon + 1;
                    var end = start;
                    while (end < body.Count && body[end] is not ((byte)',' or (byte)'}' or (byte)']' or (byte)'\t' or (byte)'\n'))
                    {
                        end++;
                    }

                    body.RemoveRange(start, end - start);
                    body.InsertRange(start, Encoding.UTF8.GetBytes(Tokens[m.Token]));
                    break;
            }
        }

        return [.. body];
    }
}
