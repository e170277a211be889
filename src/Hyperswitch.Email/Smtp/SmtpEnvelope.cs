using MimeKit;

namespace Hyperswitch.Email.Smtp;

/// <summary>
/// The SMTP envelope of a message: <c>MAIL FROM</c> is the first From address, <c>RCPT TO</c> each distinct To, Cc
/// and Bcc address. MailKit would otherwise derive it from <c>Resent-*</c> and <c>Sender</c> headers when present,
/// and a header could send the message somewhere else; here the headers never decide where the message goes.
/// </summary>
internal sealed class SmtpEnvelope
{
    private SmtpEnvelope(MailboxAddress sender, List<MailboxAddress> recipients)
    {
        Sender = sender;
        Recipients = recipients;
    }

    /// <summary>Gets the sender, for <c>MAIL FROM</c>.</summary>
    public MailboxAddress Sender { get; }

    /// <summary>Gets the recipients, for <c>RCPT TO</c>, each once (compared as MailKit does, ignoring case).</summary>
    public IReadOnlyList<MailboxAddress> Recipients { get; }

    /// <summary>Computes the envelope of <paramref name="message"/>.</summary>
    /// <exception cref="EmailBuildException">The message has no From address or no recipient (a stored message edited by hand).</exception>
    public static SmtpEnvelope Of(MimeMessage message) => Of(message.From, message.To, message.Cc, message.Bcc);

    /// <summary>Computes the envelope from the From, To, Cc and Bcc headers.</summary>
    /// <exception cref="EmailBuildException">There is no From address or no recipient (a stored message edited by hand).</exception>
    public static SmtpEnvelope Of(InternetAddressList from, InternetAddressList to, InternetAddressList cc, InternetAddressList bcc)
    {
        var sender = from.Mailboxes.FirstOrDefault()
            ?? throw new EmailBuildException(nameof(EmailMessage.From), "The message has no From address; nothing was sent.");
        var unique = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var recipients = new List<MailboxAddress>(to.Count + cc.Count + bcc.Count);
        AddUnique(to, unique, recipients);
        AddUnique(cc, unique, recipients);
        AddUnique(bcc, unique, recipients);
        return recipients.Count == 0
            ? throw new EmailBuildException(nameof(EmailMessage.To), "The message has no recipient in To, Cc or Bcc; nothing was sent.")
            : new SmtpEnvelope(sender, recipients);
    }

    private static void AddUnique(InternetAddressList addresses, HashSet<string> unique, List<MailboxAddress> recipients)
    {
        foreach (var mailbox in addresses.Mailboxes)
        {
            if (unique.Add(mailbox.Address))
            {
                recipients.Add(mailbox);
            }
        }
    }
}
