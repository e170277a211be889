using System.Net.Security;
using Hyperswitch.Email.Internal;
using MailKit.Security;
using MimeKit;

namespace Hyperswitch.Email.Smtp;

/// <summary>
/// What one send needs from <see cref="EmailOptions"/>, worked out once per options change (the sender is parsed
/// here, not per message) and immutable, so that a send in flight is not affected by a change.
/// </summary>
internal sealed class SmtpSettings
{
    private SmtpSettings(EmailOptions options, MailboxAddress sender)
    {
        var smtp = options.Smtp;
        Options = options;
        Sender = sender;
        Host = smtp.Host.Trim();
        Port = smtp.Port;
        Timeout = TimeSpan.FromSeconds(smtp.Timeout);
        Connection = smtp.Connection;
        SocketOptions = smtp.Connection == SmtpConnectionMode.Plaintext ? SecureSocketOptions.None : SecureSocketOptions.StartTls;
        UserName = smtp.Username?.Expose();
        Password = smtp.Password;
        CertificateValidation = smtp.ServerCertificateValidation;
    }

    /// <summary>The options these settings were made from; a different instance means the options changed.</summary>
    public EmailOptions Options { get; }

    public MailboxAddress Sender { get; }

    public string Host { get; }

    public int Port { get; }

    public TimeSpan Timeout { get; }

    public SmtpConnectionMode Connection { get; }

    public SecureSocketOptions SocketOptions { get; }

    public string? UserName { get; }

    public SecretString? Password { get; }

    public RemoteCertificateValidationCallback? CertificateValidation { get; }

    /// <summary>Creates the settings from options that have passed validation.</summary>
    /// <exception cref="EmailParseException">The sender address does not parse (possible only when validation was bypassed).</exception>
    public static SmtpSettings Create(EmailOptions options)
    {
        var sender = AddressParser.Parse(new EmailAddress(options.SenderEmail, options.SenderName), "Email:SenderEmail");
        return new SmtpSettings(options, sender);
    }
}
