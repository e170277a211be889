using System.Net.Security;
using System.Text.Json.Serialization;

namespace Hyperswitch.Email.Smtp;

/// <summary>The SMTP server to send through, bound from the <c>Email:Smtp</c> configuration section.</summary>
public sealed class SmtpOptions
{
    /// <summary>The largest <see cref="Timeout"/>, in seconds: an hour.</summary>
    public const int MaxTimeoutSeconds = 3600;

    /// <summary>Gets or sets the host name or IP address of the SMTP server (<c>Email:Smtp:Host</c>). Required.</summary>
    /// <value>The default is an empty string, which fails validation.</value>
    public string Host { get; set; } = string.Empty;

    /// <summary>Gets or sets the port of the SMTP server (<c>Email:Smtp:Port</c>), from 1 to 65535.</summary>
    /// <value>The default is 587, the submission port used with STARTTLS.</value>
    public int Port { get; set; } = 587;

    /// <summary>
    /// Gets or sets how long, in seconds, to wait for the connection and for each reply of the server
    /// (<c>Email:Smtp:Timeout</c>), from 1 to <see cref="MaxTimeoutSeconds"/>.
    /// </summary>
    /// <value>The default is 10 seconds.</value>
    public int Timeout { get; set; } = 10;

    /// <summary>Gets or sets how the connection is secured (<c>Email:Smtp:Connection</c>).</summary>
    /// <value>The default is <see cref="SmtpConnectionMode.StartTls"/>.</value>
    public SmtpConnectionMode Connection { get; set; } = SmtpConnectionMode.StartTls;

    /// <summary>Gets or sets the user name to authenticate with (<c>Email:Smtp:Username</c>). Give it together with <see cref="Password"/>.</summary>
    /// <value>The default is <see langword="null"/>: no authentication.</value>
    public SecretString? Username { get; set; }

    /// <summary>Gets or sets the password to authenticate with (<c>Email:Smtp:Password</c>). Give it together with <see cref="Username"/>.</summary>
    /// <value>The default is <see langword="null"/>: no authentication.</value>
    public SecretString? Password { get; set; }

    /// <summary>
    /// Gets or sets a callback that decides whether the server's TLS certificate is accepted, in place of the
    /// default validation. Code only: it cannot be set from configuration.
    /// </summary>
    /// <remarks>
    /// Leave it <see langword="null"/> in production. Set it to trust one specific certificate of a private relay
    /// (compare its thumbprint), never to accept every certificate.
    /// </remarks>
    /// <value>The default is <see langword="null"/>: the certificate must chain to a trusted root and match <see cref="Host"/>.</value>
    [JsonIgnore]
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }

    /// <summary>Describes the server without its credentials, for example <c>smtp.example.com:587 (StartTls, authenticated)</c>.</summary>
    /// <returns>A description of the server.</returns>
    public override string ToString() =>
        $"{Host}:{Port} ({Connection}, {(Username is null && Password is null ? "anonymous" : "authenticated")})";
}
