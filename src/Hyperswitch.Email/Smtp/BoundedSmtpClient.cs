using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MailKit;
using MailKitSmtpClient = MailKit.Net.Smtp.SmtpClient;

namespace Hyperswitch.Email.Smtp;

/// <summary>
/// MailKit's SMTP client with certificate revocation checking bounded: .NET downloads a certificate's CRL or OCSP
/// answer during the TLS handshake, synchronously and deaf to cancellation, and waits 15 s by default for an endpoint
/// that accepts and never answers. Here each download gets <paramref name="revocationTimeout"/>.
/// </summary>
internal sealed class BoundedSmtpClient(IProtocolLogger protocolLogger, TimeSpan revocationTimeout) : MailKitSmtpClient(protocolLogger)
{
    /// <summary>Gets how long a CRL or OCSP download may take.</summary>
    public TimeSpan RevocationTimeout { get; } = revocationTimeout;

    /// <inheritdoc />
    protected override SslClientAuthenticationOptions GetSslClientAuthenticationOptions(string host, RemoteCertificateValidationCallback remoteCertificateValidationCallback)
    {
        var options = base.GetSslClientAuthenticationOptions(host, remoteCertificateValidationCallback);
        options.CertificateChainPolicy = new X509ChainPolicy
        {
            RevocationMode = options.CertificateRevocationCheckMode,
            RevocationFlag = X509RevocationFlag.ExcludeRoot,
            UrlRetrievalTimeout = RevocationTimeout,
        };
        return options;
    }
}
