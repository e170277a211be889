using System.Collections.ObjectModel;
using MimeKit;
using MimeKit.Text;

namespace Hyperswitch.Email.Testing;

/// <summary>A message the <see cref="InMemoryEmailClient"/> recorded, read back from the exact MIME it would have sent.</summary>
public sealed class SentEmail
{
    /// <summary>Reads back what the client recorded: the stored bytes (<c>Bcc</c> header included), parsed.</summary>
    internal static SentEmail Of(PreparedEmail email)
    {
        var content = email.Content.ToArray();
        using var message = MimeMessage.Load(new MemoryStream(content, writable: false));
        return new SentEmail(message, System.Text.Encoding.UTF8.GetString(content));
    }

    private SentEmail(MimeMessage message, string mime)
    {
        Mime = mime;
        MessageId = message.MessageId ?? string.Empty;
        From = message.From.Mailboxes.Select(m => m.Address).FirstOrDefault() ?? string.Empty;
        To = Addresses(message.To);
        Cc = Addresses(message.Cc);
        Bcc = Addresses(message.Bcc);
        Subject = message.Subject ?? string.Empty;
        HtmlBody = message.HtmlBody ?? string.Empty;
        TextBody = message.TextBody ?? string.Empty;
        Headers = new ReadOnlyDictionary<string, string>(message.Headers
            .GroupBy(h => h.Field, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.OrdinalIgnoreCase));
        Attachments = message.BodyParts.OfType<MimePart>().Where(p => p.FileName is not null).Select(p => p.FileName!).ToList().AsReadOnly();
        Links = ExtractLinks(HtmlBody);
    }

    /// <summary>Gets the Message-ID.</summary>
    public string MessageId { get; }

    /// <summary>Gets the sender's address.</summary>
    public string From { get; }

    /// <summary>Gets the To addresses.</summary>
    public IReadOnlyList<string> To { get; }

    /// <summary>Gets the Cc addresses.</summary>
    public IReadOnlyList<string> Cc { get; }

    /// <summary>Gets the Bcc addresses (the SMTP client would send them in the envelope only).</summary>
    public IReadOnlyList<string> Bcc { get; }

    /// <summary>Gets the subject.</summary>
    public string Subject { get; }

    /// <summary>Gets the HTML body.</summary>
    public string HtmlBody { get; }

    /// <summary>Gets the plain-text alternative.</summary>
    public string TextBody { get; }

    /// <summary>Gets the headers, the first value of each name.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Gets the file names of the attachments and inline images.</summary>
    public IReadOnlyList<string> Attachments { get; }

    /// <summary>Gets the <c>href</c> of every link in the HTML body, entities decoded, in order.</summary>
    public IReadOnlyList<string> Links { get; }

    /// <summary>Gets the whole message as an <c>.eml</c> text, as it would go over SMTP.</summary>
    public string Mime { get; }

    /// <summary>Gets a value indicating whether the message goes to <paramref name="address"/> (To, Cc or Bcc).</summary>
    /// <param name="address">The address, compared case-insensitively.</param>
    /// <returns><see langword="true"/> when the address is a recipient.</returns>
    public bool IsFor(string address) =>
        To.Concat(Cc).Concat(Bcc).Contains(address, StringComparer.OrdinalIgnoreCase);

    private static ReadOnlyCollection<string> Addresses(InternetAddressList list) => list.Mailboxes.Select(m => m.Address).ToList().AsReadOnly();

    private static ReadOnlyCollection<string> ExtractLinks(string html)
    {
        var links = new List<string>();
        var tokenizer = new HtmlTokenizer(new StringReader(html));
        while (tokenizer.ReadNextToken(out var token))
        {
            if (token is HtmlTagToken { Id: HtmlTagId.A, IsEndTag: false } tag
                && tag.Attributes.FirstOrDefault(a => a.Id == HtmlAttributeId.Href) is { Value: { Length: > 0 } href })
            {
                links.Add(href);
            }
        }

        return links.AsReadOnly();
    }
}
