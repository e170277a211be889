namespace Hyperswitch.Email.Smtp;

/// <summary>The SMTP server to send through, bound from the <c>Email:Smtp</c> configuration section.</summary>
/// <remarks>
/// Certificate validation by a callback is code only, kept off these bound options:
/// <c>services.AddEmail(configuration).AddSmtp().ConfigureSmtpServerCertificateValidation(callback)</c>.
/// </remarks>
public sealed class SmtpOptions
{
    /// <summary>The name of the subsection of <c>Email</c> the options are bound from: <c>Smtp</c>.</summary>
    public const string SectionName = "Smtp";

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

    /// <summary>Gets or sets how the client authenticates (<c>Email:Smtp:Authentication</c>): <c>None</c>, <c>Password</c> or <c>OAuth2</c>.</summary>
    /// <value>The default is <see cref="SmtpAuthentication.Auto"/>: <c>Password</c> when credentials are set, <c>None</c> otherwise.</value>
    public SmtpAuthentication Authentication { get; set; }

    /// <summary>Gets or sets the user name to authenticate with (<c>Email:Smtp:Username</c>). Give it together with <see cref="Password"/>.</summary>
    /// <value>The default is <see langword="null"/>: no authentication.</value>
    public SecretString? Username { get; set; }

    /// <summary>Gets or sets the password to authenticate with (<c>Email:Smtp:Password</c>). Give it together with <see cref="Username"/>.</summary>
    /// <value>The default is <see langword="null"/>: no authentication.</value>
    public SecretString? Password { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether credentials may be sent over a <see cref="SmtpConnectionMode.Plaintext"/>
    /// connection (<c>Email:Smtp:AllowPlaintextAuthentication</c>), where anyone on the network path can read them.
    /// </summary>
    /// <remarks>Set it only for a development relay on loopback; startup fails when credentials meet plaintext without it.</remarks>
    /// <value>The default is <see langword="false"/>.</value>
    public bool AllowPlaintextAuthentication { get; set; }

    /// <summary>
    /// Gets or sets the SHA-256 thumbprint of the one certificate to trust for this server
    /// (<c>Email:Smtp:TrustedCertificateThumbprint</c>), for a private relay with a self-signed certificate.
    /// </summary>
    /// <remarks>
    /// 64 hexadecimal characters; colons and spaces are ignored. The certificate the server presents must be exactly
    /// this one; it is then accepted even if it is self-signed, expired or issued for another name. Any other
    /// certificate still goes through the default validation.
    /// </remarks>
    /// <value>The default is <see langword="null"/>: only the default validation.</value>
    public string? TrustedCertificateThumbprint { get; set; }

    /// <summary>Gets or sets the reuse of connections for bulk sending (<c>Email:Smtp:Pooling</c>). Off by default.</summary>
    public SmtpPoolingOptions Pooling { get; set; } = new();

    /// <summary>Gets or sets the retries of transient failures (<c>Email:Smtp:Retry</c>). Off by default.</summary>
    public SmtpRetryOptions Retry { get; set; } = new();

    /// <summary>
    /// Gets or sets a secondary SMTP server (<c>Email:Smtp:Failover</c>, with the same keys as <c>Email:Smtp</c>) that
    /// takes the message when this one is unreachable or fails before accepting it.
    /// </summary>
    /// <remarks>
    /// The secondary is tried when the primary's failure is about the server (connection, timeout, TLS,
    /// authentication, a lost connection or a <c>4xx</c> reply), never when the server may already have accepted
    /// the message, and not when it refused the sender, a recipient or the content with a <c>5xx</c> reply.
    /// Its own <c>Retry</c> and <c>Failover</c> are not used.
    /// </remarks>
    /// <value>The default is <see langword="null"/>: no failover.</value>
    public SmtpOptions? Failover { get; set; }

    /// <summary>Describes the server without its credentials, for example <c>smtp.example.com:587 (StartTls, authenticated)</c>.</summary>
    /// <returns>A description of the server.</returns>
    public override string ToString() =>
        $"{Host}:{Port} ({Connection}, {(Username is null && Password is null ? "anonymous" : "authenticated")})";
}
