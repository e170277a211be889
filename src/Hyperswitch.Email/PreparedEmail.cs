using Hyperswitch.Email.Internal;
using MimeKit;
using MimeKit.Utils;

namespace Hyperswitch.Email;

/// <summary>
/// A message built, validated and (when <c>Email:Dkim</c> is set) signed ahead of sending, held as its MIME bytes with
/// its <c>Message-ID</c> fixed: what a queue stores so that every attempt sends the identical message.
/// </summary>
/// <remarks>
/// Made by <see cref="IEmailClient.Prepare"/> and sent by <see cref="IEmailClient.SendAsync(PreparedEmail, CancellationToken)"/>.
/// <see cref="Content"/> keeps the <c>Bcc</c> header so that the envelope can be rebuilt from the bytes alone; the
/// SMTP client leaves it out of what it transmits. <see cref="ToString"/> names the message, never its recipients.
/// </remarks>
public sealed class PreparedEmail
{
    private readonly byte[] _content;

    private PreparedEmail(string messageId, byte[] content)
    {
        MessageId = messageId;
        _content = content;
    }

    /// <summary>Gets the <c>Message-ID</c> (without angle brackets), the same on every attempt.</summary>
    public string MessageId { get; }

    /// <summary>Gets the message as RFC 5322 bytes with CRLF line endings.</summary>
    public ReadOnlyMemory<byte> Content => _content;

    /// <summary>Reads a message that <see cref="Content"/> gave earlier, for example from a database row. Only its headers are read here.</summary>
    /// <param name="content">The MIME bytes; they are copied.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="content"/> is <see langword="null"/>.</exception>
    /// <exception cref="EmailBuildException">The bytes are not a message with a <c>Message-ID</c>, a sender and a recipient.</exception>
    public static PreparedEmail Load(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        HeaderList headers;
        try
        {
            headers = HeaderList.Load(new MemoryStream(content, writable: false));
        }
        catch (FormatException exception)
        {
            throw new EmailBuildException("Content", "The prepared email is not a MIME message.", exception);
        }

        var messageId = headers[HeaderId.MessageId] is { } id ? MimeUtils.EnumerateReferences(id).FirstOrDefault() : null;
        if (string.IsNullOrEmpty(messageId))
        {
            throw new EmailBuildException("Message-ID", "The prepared email has no Message-ID header.");
        }

        if (!HasAddress(headers, HeaderId.From))
        {
            throw new EmailBuildException("From", "The prepared email has no From address.");
        }

        if (!HasAddress(headers, HeaderId.To) && !HasAddress(headers, HeaderId.Cc) && !HasAddress(headers, HeaderId.Bcc))
        {
            throw new EmailBuildException("To", "The prepared email has no recipient.");
        }

        return new PreparedEmail(messageId, content.ToArray());
    }

    /// <inheritdoc />
    public override string ToString() => $"Email {MessageId} ({_content.Length} bytes)";

    /// <summary>Serializes a composed message.</summary>
    internal static PreparedEmail From(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(WireFormat.Crlf, stream);
        return new PreparedEmail(message.MessageId ?? throw new EmailBuildException("Message-ID", "The message has no Message-ID."), stream.ToArray());
    }

    /// <summary>Parses the bytes back into the message to send; the caller disposes it.</summary>
    internal MimeMessage ToMimeMessage() => Parse(_content);

    private static bool HasAddress(HeaderList headers, HeaderId id) =>
        headers[id] is { } value && InternetAddressList.TryParse(value, out var addresses) && addresses.Mailboxes.Any();

    private static MimeMessage Parse(byte[] content)
    {
        try
        {
            return MimeMessage.Load(new MemoryStream(content, writable: false));
        }
        catch (FormatException exception)
        {
            throw new EmailBuildException("Content", "The prepared email is not a MIME message.", exception);
        }
    }
}
