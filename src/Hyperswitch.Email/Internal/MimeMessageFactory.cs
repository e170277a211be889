using System.Text;
using MimeKit;
using MimeKit.Utils;

namespace Hyperswitch.Email.Internal;

/// <summary>Builds the MIME message for an <see cref="EmailMessage"/>, refusing bad input before anything is sent.</summary>
internal static class MimeMessageFactory
{
    /// <summary>Builds the message.</summary>
    /// <exception cref="EmailParseException">An address does not parse.</exception>
    /// <exception cref="EmailBuildException">The message has no recipient, or a header contains a control character.</exception>
    public static MimeMessage Create(EmailMessage message, MailboxAddress defaultSender)
    {
        if (message.To.Count == 0)
        {
            throw new EmailBuildException(nameof(EmailMessage.To), "The message has no recipient: add at least one address to To.");
        }

        var subject = message.Subject ?? string.Empty;
        if (HeaderText.HasControlCharacter(subject))
        {
            throw new EmailBuildException(nameof(EmailMessage.Subject), "The subject must not contain CR, LF, NUL or other control characters.");
        }

        // A copy: MimeKit lists subscribe to their addresses' change events, so a shared instance would keep every message alive.
        var sender = message.From is null
            ? new MailboxAddress(defaultSender.Name, defaultSender.Address)
            : AddressParser.Parse(message.From, nameof(EmailMessage.From));
        var mime = new MimeMessage();
        mime.From.Add(sender);
        AddAll(mime.To, message.To, nameof(EmailMessage.To));
        AddAll(mime.Cc, message.Cc, nameof(EmailMessage.Cc));
        AddAll(mime.Bcc, message.Bcc, nameof(EmailMessage.Bcc));
        AddAll(mime.ReplyTo, message.ReplyTo, nameof(EmailMessage.ReplyTo));
        mime.Subject = subject;
        mime.Date = DateTimeOffset.UtcNow;
        mime.MessageId = MimeUtils.GenerateMessageId(((MailboxAddress)mime.From[0]).Domain);

        // Text first, HTML last: clients show the last alternative they can render.
        var html = message.HtmlBody ?? string.Empty;
        var text = new TextPart(MimeKit.Text.TextFormat.Plain);
        text.SetText(Encoding.UTF8, message.TextBody ?? HtmlToPlainText.Convert(html));
        var body = new TextPart(MimeKit.Text.TextFormat.Html);
        body.SetText(Encoding.UTF8, html);
        mime.Body = new MultipartAlternative { text, body };
        return mime;
    }

    private static void AddAll(InternetAddressList target, IList<EmailAddress> addresses, string field)
    {
        for (var i = 0; i < addresses.Count; i++)
        {
            var address = addresses[i] ?? throw new EmailBuildException($"{field}[{i}]", $"{field}[{i}] is null.");
            target.Add(AddressParser.Parse(address, $"{field}[{i}]"));
        }
    }
}
