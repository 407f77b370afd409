using System.Net.Http.Headers;

namespace P21.Connector.Client.Http;

/// <summary>
/// Sends <c>Accept: application/json</c> on every request: without it OData answers XML and, on P21 2026.1, the
/// Transaction API answers an empty 500.
/// </summary>
internal sealed class AcceptJsonHandler : DelegatingHandler
{
    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(Json);
        return base.SendAsync(request, cancellationToken);
    }
}
