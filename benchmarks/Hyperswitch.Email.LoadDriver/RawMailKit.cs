using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Hyperswitch.Email.LoadDriver;

/// <summary>What the raw MailKit clients share: the security mode, the pinned certificate, a <c>NoDelay</c> connect.</summary>
internal sealed class RawMailKit(DriverOptions options)
{
    private readonly string? _thumbprint = options.Thumbprint?.Replace(":", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    public DriverOptions Options { get; } = options;

    public SecureSocketOptions Security => Options.StartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None;

    /// <summary>Creates a client that trusts the sink's certificate by SHA-256 thumbprint, as the library is configured to.</summary>
    public SmtpClient CreateClient()
    {
        var client = new SmtpClient();
        if (Options.StartTls)
        {
            client.ServerCertificateValidationCallback = Trust;
        }

        return client;
    }

    /// <summary>Connects with MailKit's own socket: Nagle's algorithm stays on.</summary>
    public Task ConnectWithDefaultsAsync(SmtpClient client, CancellationToken cancellationToken) =>
        client.ConnectAsync(Options.Host, Options.Port, Security, cancellationToken);

    /// <summary>Connects a socket with <c>NoDelay = true</c> and hands it to MailKit.</summary>
    public async Task ConnectWithNoDelayAsync(SmtpClient client, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(Options.Host, Options.Port, cancellationToken);
            await client.ConnectAsync(socket, Options.Host, Options.Port, Security, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private bool Trust(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        certificate is not null && certificate.GetCertHashString(HashAlgorithmName.SHA256) == _thumbprint;
}
