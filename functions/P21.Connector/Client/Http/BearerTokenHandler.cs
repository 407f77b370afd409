using System.Net;
using System.Net.Http.Headers;

using P21.Connector.Client.Auth;

namespace P21.Connector.Client.Http;

/// <summary>
/// Adds the connection's bearer token and cures a 401 in two steps: (1) a freshly minted token, (2) the credential
/// secret re-read from <see cref="Secrets.ISecretSource"/> (it may have rotated) and another mint. A third 401 is
/// returned to the client, which raises <see cref="P21AuthenticationException"/>.
/// </summary>
/// <remarks>Sits outside the resilience handler, so each re-send gets the full retry pipeline again.</remarks>
internal sealed class BearerTokenHandler(P21TokenSource tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.GetKind() == P21RequestKind.Token)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        P21Token token = await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        HttpResponseMessage response = await SendWithAsync(token, request, cancellationToken).ConfigureAwait(false);
        if (!IsUnauthorized(response))
        {
            return response;
        }

        response.Dispose();
        token = await tokens.RenewAsync(token, rereadSecret: false, cancellationToken).ConfigureAwait(false);
        response = await SendWithAsync(token, request, cancellationToken).ConfigureAwait(false);
        if (!IsUnauthorized(response))
        {
            return response;
        }

        response.Dispose();
        token = await tokens.RenewAsync(token, rereadSecret: true, cancellationToken).ConfigureAwait(false);
        return await SendWithAsync(token, request, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsUnauthorized(HttpResponseMessage response) => response.StatusCode == HttpStatusCode.Unauthorized;

    private Task<HttpResponseMessage> SendWithAsync(P21Token token, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return base.SendAsync(request, cancellationToken);
    }
}
