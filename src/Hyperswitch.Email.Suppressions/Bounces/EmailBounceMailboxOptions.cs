using Hyperswitch.Email.Smtp;

namespace Hyperswitch.Email.Suppressions.Bounces;

/// <summary>The mailbox bounces and complaints arrive at, read over IMAP; bound from the <c>EmailBounces</c> configuration section.</summary>
public sealed class EmailBounceMailboxOptions
{
    /// <summary>The configuration section the options are bound from: <c>EmailBounces</c>.</summary>
    public const string SectionName = "EmailBounces";

    /// <summary>Gets or sets the IMAP server's host name (<c>EmailBounces:Host</c>). Required.</summary>
    /// <value>The default is an empty string, which fails validation.</value>
    public string Host { get; set; } = string.Empty;

    /// <summary>Gets or sets the IMAP server's port (<c>EmailBounces:Port</c>), from 1 to 65535.</summary>
    /// <value>The default is 993, IMAP over implicit TLS.</value>
    public int Port { get; set; } = 993;

    /// <summary>Gets or sets how the connection is secured (<c>EmailBounces:Connection</c>), with the SMTP spellings: <c>Tls</c>, <c>StartTls</c> or <c>Plaintext</c>.</summary>
    /// <value>The default is <see cref="SmtpConnectionMode.Tls"/>; the certificate must validate.</value>
    public SmtpConnectionMode Connection { get; set; } = SmtpConnectionMode.Tls;

    /// <summary>Gets or sets the user name (<c>EmailBounces:Username</c>). Required.</summary>
    /// <value>The default is <see langword="null"/>, which fails validation.</value>
    public SecretString? Username { get; set; }

    /// <summary>Gets or sets the password (<c>EmailBounces:Password</c>). Required.</summary>
    /// <value>The default is <see langword="null"/>, which fails validation.</value>
    public SecretString? Password { get; set; }

    /// <summary>Gets or sets a value indicating whether the credentials may cross a <see cref="SmtpConnectionMode.Plaintext"/> connection (<c>EmailBounces:AllowPlaintextAuthentication</c>); for a development server on loopback only.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool AllowPlaintextAuthentication { get; set; }

    /// <summary>Gets or sets the folder to read (<c>EmailBounces:Folder</c>).</summary>
    /// <value>The default is <c>INBOX</c>.</value>
    public string Folder { get; set; } = "INBOX";

    /// <summary>Gets or sets how long to wait between two reads of the mailbox (<c>EmailBounces:PollInterval</c>), from 5 seconds to a day.</summary>
    /// <value>The default is 5 minutes.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the deadline of one read of the mailbox, connection included (<c>EmailBounces:Timeout</c>), from 1 second to an hour.</summary>
    /// <value>The default is 2 minutes.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets how many messages one read processes at most (<c>EmailBounces:BatchSize</c>), from 1 to 10000; the rest wait for the next read.</summary>
    /// <value>The default is 200.</value>
    public int BatchSize { get; set; } = 200;

    /// <summary>Gets or sets the largest message read (<c>EmailBounces:MaxMessageSize</c>, in bytes); a larger one is marked processed unread.</summary>
    /// <value>The default is 1 MiB.</value>
    public int MaxMessageSize { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets a value indicating whether the background processor reads the mailbox (<c>EmailBounces:Enabled</c>); off, <see cref="IEmailBounceProcessor.ProcessAsync"/> still works.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;
}
