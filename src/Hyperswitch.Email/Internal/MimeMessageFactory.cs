using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Utils;

namespace Hyperswitch.Email.Internal;

/// <summary>Builds the MIME message for an <see cref="EmailMessage"/>, refusing bad input before anything is sent.</summary>
internal static partial class MimeMessageFactory
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

        AddCustomHeaders(mime, message.Headers);

        // Text first, HTML last: clients show the last alternative they can render.
        var html = message.HtmlBody ?? string.Empty;
        var text = new TextPart(MimeKit.Text.TextFormat.Plain);
        // CR LF line endings only (no bare CR or LF reaches the wire); MailKit then picks an encoding that keeps every
        // line within 998 octets (quoted-printable or base64 when a line is longer, or 8-bit is not offered).
        text.SetText(Encoding.UTF8, message.TextBody is { } given ? HeaderText.WithCrLfLineEndings(given) : HtmlToPlainText.Convert(html, crlf: true));
        var htmlPart = new TextPart(MimeKit.Text.TextFormat.Html);
        htmlPart.SetText(Encoding.UTF8, HeaderText.WithCrLfLineEndings(html));

        // The structure mail clients expect: mixed( alternative( text, related( html, inline images ) ), attachments ).
        // Most emails have no attachment and no cid: reference: nothing more to check or build (nor to JIT).
        var hasParts = message.Attachments.Count > 0 || html.Contains("cid:", StringComparison.OrdinalIgnoreCase);
        mime.Body = hasParts ? WithParts(message, text, htmlPart, html) : new MultipartAlternative { text, htmlPart };
        return mime;
    }

    /// <summary>The body with the message's inline images (checked against the HTML's <c>cid:</c> references) and attachments.</summary>
    private static MimeEntity WithParts(EmailMessage message, TextPart text, TextPart htmlPart, string html)
    {
        var inline = InlineParts(message.Attachments, html);
        MimeEntity htmlEntity = inline.Count == 0 ? htmlPart : new MultipartRelated(htmlPart);
        if (htmlEntity is MultipartRelated related)
        {
            inline.ForEach(related.Add);
        }

        MimeEntity body = new MultipartAlternative { text, htmlEntity };
        var attachments = message.Attachments.Where(a => a is { IsInline: false }).ToList();
        if (attachments.Count > 0)
        {
            var mixed = new Multipart("mixed") { body };
            for (var i = 0; i < attachments.Count; i++)
            {
                mixed.Add(Part(attachments[i], ContentDisposition.Attachment, $"Attachments[{message.Attachments.IndexOf(attachments[i])}]"));
            }

            body = mixed;
        }

        return body;
    }

    /// <summary>Headers this library sets itself: never through <see cref="EmailMessage.Headers"/>.</summary>
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "From", "To", "Cc", "Bcc", "Reply-To", "Subject", "Date", "Message-ID", "MIME-Version",
        "Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "Content-ID", "DKIM-Signature",
    };

    /// <summary>
    /// Headers that say who sent the message or where it goes, or that only a server adds: some software (MailKit
    /// among them, for <c>Resent-*</c>) routes or trusts a message by them. Refused; so is every <c>Resent-*</c> and <c>ARC-*</c> header.
    /// </summary>
    private static readonly HashSet<string> RoutingHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Sender", "Return-Path", "Received", "Delivered-To", "Envelope-To", "X-Original-To", "X-Envelope-From",
        "X-Envelope-To", "Apparently-To", "Errors-To", "Authentication-Results", "Received-SPF", "X-Sender", "X-Receiver",
    };

    private static readonly string[] RoutingHeaderPrefixes = ["Resent-", "ARC-"];

    private static bool IsRoutingHeader(string name) =>
        RoutingHeaders.Contains(name) || RoutingHeaderPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    private static void AddCustomHeaders(MimeMessage mime, IDictionary<string, string> headers)
    {
        foreach (var (name, value) in headers)
        {
            CheckCustomHeader(name, value, $"Headers[{name}]", "through Headers");
            mime.Headers.Add(name, value);
        }
    }

    /// <summary>
    /// Refuses a header an application may not set (<paramref name="how"/>: through <c>Headers</c>, or from a send hook):
    /// an invalid name, one the library sets, a routing or identity header, a value with a control character.
    /// </summary>
    /// <exception cref="EmailBuildException">The header is refused; <paramref name="field"/> names it.</exception>
    internal static void CheckCustomHeader(string name, string? value, string field, string how)
    {
        if (string.IsNullOrEmpty(name) || name.Any(c => c is < '!' or > '~' or ':'))
        {
            throw new EmailBuildException(field, $"The header name '{Printable(name)}' is not valid: use printable ASCII without spaces or ':'.");
        }

        if (ReservedHeaders.Contains(name))
        {
            throw new EmailBuildException(field, $"The header {name} is set by the library and cannot be set {how}.");
        }

        if (IsRoutingHeader(name))
        {
            throw new EmailBuildException(field, $"The header {name} says who sent the message or where it goes (routing or identity), which only From, To, Cc and Bcc decide; it cannot be set {how}.");
        }

        if (value is null || HeaderText.HasControlCharacter(value))
        {
            throw new EmailBuildException(field, $"The value of the header {name} must not be null nor contain CR, LF, NUL or other control characters.");
        }
    }

    private static List<MimePart> InlineParts(IList<EmailAttachment> attachments, string html)
    {
        var parts = new List<MimePart>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < attachments.Count; i++)
        {
            var attachment = attachments[i] ?? throw new EmailBuildException($"Attachments[{i}]", $"Attachments[{i}] is null.");
            if (!attachment.IsInline)
            {
                continue;
            }

            var contentId = attachment.ContentId!;
            if (contentId.Any(c => c is <= ' ' or > '~' or '<' or '>' or '"'))
            {
                throw new EmailBuildException($"Attachments[{i}].ContentId", $"The Content-ID of Attachments[{i}] must be printable ASCII without spaces, '<', '>' or quotes.");
            }

            if (!ids.Add(contentId))
            {
                throw new EmailBuildException($"Attachments[{i}].ContentId", $"Two inline attachments have the Content-ID '{contentId}'.");
            }

            var part = Part(attachment, ContentDisposition.Inline, $"Attachments[{i}]");
            part.ContentId = contentId;
            parts.Add(part);
        }

        foreach (Match reference in ContentIdReference().Matches(html))
        {
            var id = Uri.UnescapeDataString(reference.Groups[1].Value);
            if (!ids.Contains(id))
            {
                throw new EmailBuildException(nameof(EmailMessage.HtmlBody), $"The HTML body shows cid:{Printable(id)}, but no inline attachment has that Content-ID.");
            }
        }

        return parts;
    }

    private static MimePart Part(EmailAttachment attachment, string disposition, string field)
    {
        if (HeaderText.HasControlCharacter(attachment.FileName))
        {
            throw new EmailBuildException($"{field}.FileName", $"The file name of {field} must not contain CR, LF, NUL or other control characters.");
        }

        if (!ContentType.TryParse(attachment.ContentType, out var contentType) || HeaderText.HasControlCharacter(attachment.ContentType))
        {
            throw new EmailBuildException($"{field}.ContentType", $"The content type of {field} is not a MIME type such as application/pdf.");
        }

        return new MimePart(contentType)
        {
            Content = new MimeContent(new MemoryStream(attachment.Content.ToArray(), writable: false)),
            ContentDisposition = new ContentDisposition(disposition) { FileName = attachment.FileName },
            ContentTransferEncoding = ContentEncoding.Base64,
        };
    }

    private static string Printable(string text) => new(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());

    [GeneratedRegex(@"\bcid:([^""'\s<>)]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ContentIdReference();

    private static void AddAll(InternetAddressList target, IList<EmailAddress> addresses, string field)
    {
        for (var i = 0; i < addresses.Count; i++)
        {
            var address = addresses[i] ?? throw new EmailBuildException($"{field}[{i}]", $"{field}[{i}] is null.");
            target.Add(AddressParser.Parse(address, $"{field}[{i}]"));
        }
    }
}
