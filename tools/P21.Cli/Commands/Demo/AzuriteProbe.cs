using System.Net.Sockets;

namespace P21.Cli.Commands.Demo;

/// <summary>Whether a local Azurite table endpoint answers (127.0.0.1:10002).</summary>
internal static class AzuriteProbe
{
    public const int TablePort = 10002;

    public static async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync("127.0.0.1", TablePort, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
