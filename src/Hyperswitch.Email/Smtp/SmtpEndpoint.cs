using System.Net.Security;
using Hyperswitch.Email.Internal;
using MailKit.Security;

namespace Hyperswitch.Email.Smtp;

/// <summary>One SMTP server to deliver to (the primary or the failover), from validated <see cref="SmtpOptions"/>.</summary>
internal sealed class SmtpEndpoint
{
    public SmtpEndpoint(SmtpOptions smtp, RemoteCertificateValidationCallback? certificateValidation = null)
    {
        Host = smtp.Host.Trim();
        Port = smtp.Port;
        Timeout = TimeSpan.FromSeconds(smtp.Timeout);
        Connection = smtp.Connection;
        SocketOptions = smtp.Connection switch
        {
            SmtpConnectionMode.Plaintext => SecureSocketOptions.None,
            SmtpConnectionMode.Tls => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
        UserName = string.IsNullOrEmpty(smtp.Username?.Expose()) ? null : smtp.Username.Expose();
        Password = smtp.Password;
        Authentication = smtp.Authentication switch
        {
            SmtpAuthentication.Auto => UserName is null ? SmtpAuthentication.None : SmtpAuthentication.Password,
            var chosen => chosen,
        };
        TrustedThumbprint = smtp.TrustedCertificateThumbprint is { } thumbprint ? CertificateThumbprint.Normalize(thumbprint) : null;
        CertificateValidation = certificateValidation;
    }

    public string Host { get; }

    public int Port { get; }

    /// <summary>Bounds the connect and each reply.</summary>
    public TimeSpan Timeout { get; }

    public SmtpConnectionMode Connection { get; }

    public SecureSocketOptions SocketOptions { get; }

    public string? UserName { get; }

    public SecretString? Password { get; }

    /// <summary>How to authenticate, <see cref="SmtpAuthentication.Auto"/> resolved.</summary>
    public SmtpAuthentication Authentication { get; }

    /// <summary>Gives OAuth2 tokens when <see cref="Authentication"/> is <see cref="SmtpAuthentication.OAuth2"/>.</summary>
    public ISmtpAccessTokenSource? AccessTokenSource { get; init; }

    /// <summary>The SHA-256 thumbprint of the one certificate to accept whatever its validation says, or <see langword="null"/>.</summary>
    public string? TrustedThumbprint { get; }

    /// <summary>The application's own validation callback, or <see langword="null"/> for the default.</summary>
    public RemoteCertificateValidationCallback? CertificateValidation { get; }

    /// <summary>Describes the server for messages: <c>host:port</c>.</summary>
    public override string ToString() => $"{Host}:{Port}";
}
