using System.Collections.Concurrent;
using System.Text;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using P21.Connector.Events;

namespace P21.Connector.Tests.Events;

public sealed class WebhookChangeSinkTests : IAsyncLifetime
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private readonly ConcurrentQueue<(string Id, bool Valid, string Body)> _received = new();
    private readonly ConcurrentQueue<int> _answers = new();
    private WebApplication? _receiver;
    private Uri? _url;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _receiver = builder.Build();
        _receiver.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var id = context.Request.Headers["webhook-id"].ToString();
            var timestamp = long.Parse(context.Request.Headers["webhook-timestamp"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            var valid = WebhookSignature.Verify(Secret, id, timestamp, Encoding.UTF8.GetBytes(body), context.Request.Headers["webhook-signature"].ToString());
            _received.Enqueue((id, valid, body));
            return Results.StatusCode(_answers.TryDequeue(out var status) ? status : 204);
        });
        await _receiver.StartAsync();
        var address = _receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _url = new Uri(address + "/hook");
    }

    public async Task DisposeAsync()
    {
        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }
    }

    private WebhookChangeSink CreateSut(int maxRetries = 2)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
        [
            new("P21:Webhook:Url", _url!.ToString()),
            new("P21:Webhook:SecretName", "hook"),
            new("P21:Webhook:MaxRetries", maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("P21:Webhook:RetryDelay", "00:00:00.010"),
            new("Secrets:hook", Secret),
        ]).Build();
        return new ServiceCollection().AddP21Secrets(configuration).AddP21WebhookSink(configuration).BuildServiceProvider()
            .GetRequiredService<WebhookChangeSink>();
    }

    private static ChangeEvent Event(string key) =>
        ChangeEventFactory.Create("main", "items", "item", key, "v-" + key, false, DateTimeOffset.UnixEpoch, Encoding.UTF8.GetBytes($$"""{"itemId":"{{key}}"}"""));

    [Fact]
    public async Task PublishAsync_Receiver_GetsSignedCloudEvents()
    {
        await CreateSut().PublishAsync([Event("A"), Event("B")]);

        Assert.Equal(2, _received.Count);
        Assert.All(_received, r => Assert.True(r.Valid));
        Assert.Equal([Event("A").Id, Event("B").Id], _received.Select(r => r.Id));
        Assert.Equal("A", CloudEventJson.Deserialize(_received.First().Body).Data.GetProperty("itemId").GetString());
    }

    [Fact]
    public async Task PublishAsync_TransientFailures_Retried()
    {
        _answers.Enqueue(503);
        _answers.Enqueue(500);

        await CreateSut(maxRetries: 3).PublishAsync([Event("A")]);

        Assert.Equal(3, _received.Count);
        Assert.All(_received, r => Assert.Equal(Event("A").Id, r.Id));
    }

    [Fact]
    public async Task PublishAsync_ServerErrorAfterRetries_Throws()
    {
        for (var i = 0; i < 5; i++)
        {
            _answers.Enqueue(502);
        }

        var error = await Assert.ThrowsAsync<WebhookDeliveryException>(() => CreateSut(maxRetries: 1).PublishAsync([Event("A")]));

        Assert.Equal(System.Net.HttpStatusCode.BadGateway, error.Status);
        Assert.Equal(2, _received.Count);
    }

    [Fact]
    public async Task PublishAsync_ClientError_ThrowsWithoutRetry()
    {
        _answers.Enqueue(400);

        await Assert.ThrowsAsync<WebhookDeliveryException>(() => CreateSut().PublishAsync([Event("A"), Event("B")]));

        Assert.Single(_received);
    }

    [Fact]
    public void Verify_TamperedBody_False()
    {
        var body = "{\"a\":1}"u8.ToArray();
        var signature = WebhookSignature.Sign(Secret, "id1", 1700000000, body);

        Assert.True(WebhookSignature.Verify(Secret, "id1", 1700000000, body, signature));
        Assert.False(WebhookSignature.Verify(Secret, "id1", 1700000000, "{\"a\":2}"u8, signature));
        Assert.False(WebhookSignature.Verify(Secret, "id1", 1700000001, body, signature));
    }
}
