using System.Net;
using System.Net.Http.Headers;

using P21.Connector.Client.Http;

using Polly;
using Polly.Timeout;

namespace P21.Connector.Tests.Client;

public class P21HttpPipelineTests
{
    [Fact]
    public async Task BoundedConcurrencyHandler_ManyReadsAndWrites_NeverExceedsEitherBound()
    {
        using var gate = new P21ConcurrencyGate(reads: 3, writes: 1);
        var inner = new CountingHandler();
        using var handler = new BoundedConcurrencyHandler(gate, "main") { InnerHandler = inner };
        using var invoker = new HttpMessageInvoker(handler);

        Task[] calls = [.. Enumerable.Range(0, 40).Select(async i =>
        {
            using var request = new HttpRequestMessage(i % 4 == 0 ? HttpMethod.Post : HttpMethod.Get, "http://p21.test/x");
            request.Options.Set(P21RequestOptions.Kind, i % 4 == 0 ? P21RequestKind.Write : P21RequestKind.Read);
            using HttpResponseMessage response = await invoker.SendAsync(request, CancellationToken.None);
        })];
        await Task.WhenAll(calls);

        Assert.Equal(3, inner.MaxReads);
        Assert.Equal(1, inner.MaxWrites);
        Assert.Equal(3, gate.Reads.CurrentCount);
        Assert.Equal(1, gate.Writes.CurrentCount);
    }

    [Fact]
    public void RetryAfter_429WithDelta_UsesIt()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(3));

        Assert.Equal(TimeSpan.FromSeconds(3), P21ResiliencePipeline.RetryAfter(response));
    }

    [Fact]
    public void RetryAfter_HugeValue_IsCapped()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromHours(1));

        Assert.Equal(P21ResiliencePipeline.MaxRetryDelay, P21ResiliencePipeline.RetryAfter(response));
    }

    [Fact]
    public void RetryAfter_DateRelativeToResponseDate_IsTheDifference()
    {
        var sent = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.Date = sent;
        response.Headers.RetryAfter = new RetryConditionHeaderValue(sent.AddSeconds(4));

        Assert.Equal(TimeSpan.FromSeconds(4), P21ResiliencePipeline.RetryAfter(response));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadRequest)]
    public void RetryAfter_OtherStatusOrNoHeader_LetsBackoffDecide(HttpStatusCode status)
    {
        using var response = new HttpResponseMessage(status);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(3));

        Assert.Null(P21ResiliencePipeline.RetryAfter(response));
    }

    [Fact]
    public void IsTransient_ClassifiesOutcomes()
    {
        using var ok = new HttpResponseMessage(HttpStatusCode.OK);
        using var unavailable = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        using var unauthorized = new HttpResponseMessage(HttpStatusCode.Unauthorized);

        Assert.False(P21ResiliencePipeline.IsTransient(Outcome.FromResult(ok)));
        Assert.True(P21ResiliencePipeline.IsTransient(Outcome.FromResult(unavailable)));
        Assert.False(P21ResiliencePipeline.IsTransient(Outcome.FromResult(unauthorized)));
        Assert.True(P21ResiliencePipeline.IsTransient(Outcome.FromException<HttpResponseMessage>(new HttpRequestException("reset"))));
        Assert.True(P21ResiliencePipeline.IsTransient(Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException())));
        Assert.False(P21ResiliencePipeline.IsTransient(Outcome.FromException<HttpResponseMessage>(new InvalidOperationException())));
    }

    [Theory]
    [InlineData("GET", null, true)]
    [InlineData("POST", null, false)]
    [InlineData("POST", "Read", true)]
    [InlineData("POST", "Token", true)]
    [InlineData("GET", "Write", false)]
    public void IsIdempotent_FollowsKindThenMethod(string method, string? kind, bool expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "http://p21.test/");
        if (kind is not null)
        {
            request.Options.Set(P21RequestOptions.Kind, Enum.Parse<P21RequestKind>(kind));
        }

        Assert.Equal(expected, request.IsIdempotent());
    }

    private sealed class CountingHandler : HttpMessageHandler
    {
        private int _reads;
        private int _writes;
        private int _maxReads;
        private int _maxWrites;

        public int MaxReads => _maxReads;

        public int MaxWrites => _maxWrites;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            bool write = request.GetKind() == P21RequestKind.Write;
            int now = write ? Interlocked.Increment(ref _writes) : Interlocked.Increment(ref _reads);
            if (write)
            {
                InterlockedMax(ref _maxWrites, now);
            }
            else
            {
                InterlockedMax(ref _maxReads, now);
            }

            await Task.Delay(5, cancellationToken);
            _ = write ? Interlocked.Decrement(ref _writes) : Interlocked.Decrement(ref _reads);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") };
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }
    }
}
