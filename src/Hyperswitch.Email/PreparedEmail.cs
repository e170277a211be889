using Hyperswitch.Email.Internal;
using Hyperswitch.Email.Smtp;
using MimeKit;
using MimeKit.Utils;

namespace Hyperswitch.Email;

/// <summary>
/// A message built, validated and (when <c>Email:Dkim</c> is set) signed ahead of sending, held as its MIME bytes with
/// its <c>Message-ID</c> fixed and its envelope computed: what a queue stores so that every attempt sends the identical
/// message, and what a provider sends.
/// </summary>
/// <remarks>
/// Made by <see cref="IEmailComposer.ComposeAsync"/> and sent by <see cref="PreparedEmailSender.SendAsync"/> (or by
/// <see cref="EmailSendPipeline.SendAsync(PreparedEmail, IEmailTransport, CancellationToken)"/> with a provider). <see cref="Content"/> keeps the <c>Bcc</c>
/// header so that <see cref="Load"/> can rebuild the envelope from the bytes alone; a provider transmits
/// <see cref="WriteToAsync"/>'s output, which leaves it out, to <see cref="Recipients"/>.
/// <see cref="ToString"/> names the message, never its recipients.
/// </remarks>
public sealed class PreparedEmail
{
    private static readonly FormatOptions Transmitted = CreateTransmittedFormat();
    private readonly object _gate = new();

    // The bytes, written when first asked for: a direct send transmits the composed message and never needs them.
    private byte[]? _content;

    // The composed message, kept by a direct send or a composer, and whether an attempt has it on the wire now.
    private readonly MimeMessage? _composed;
    private bool _lent;

    private PreparedEmail(string messageId, byte[]? content, SmtpEnvelope envelope, MimeMessage? composed)
    {
        MessageId = messageId;
        _content = content;
        _composed = composed;
        Sender = envelope.Sender.Address;
        var recipients = new string[envelope.Recipients.Count];
        for (var i = 0; i < recipients.Length; i++)
        {
            recipients[i] = envelope.Recipients[i].Address;
        }

        Recipients = recipients;
    }

    /// <summary>Gets the <c>Message-ID</c> (without angle brackets), the same on every attempt.</summary>
    public string MessageId { get; }

    /// <summary>Gets the message as RFC 5322 bytes with CRLF line endings, <c>Bcc</c> header included: the form to store.</summary>
    /// <remarks>A composed message is serialized the first time this is read; a direct send never reads it.</remarks>
    public ReadOnlyMemory<byte> Content => Bytes();

    /// <summary>
    /// Gets the envelope sender (SMTP's <c>MAIL FROM</c>): the first <c>From</c> address. <c>Sender</c> and
    /// <c>Resent-*</c> headers never decide it.
    /// </summary>
    public string Sender { get; }

    /// <summary>
    /// Gets the envelope recipients (SMTP's <c>RCPT TO</c>): each distinct <c>To</c>, <c>Cc</c> and <c>Bcc</c> address
    /// once, compared ignoring case, in that order. <c>Bcc</c> addresses are here, and not in what
    /// <see cref="WriteToAsync"/> writes.
    /// </summary>
    public IReadOnlyList<string> Recipients { get; }

    /// <summary>Reads a message that <see cref="Content"/> gave earlier, for example from a database row. Only its headers are read here.</summary>
    /// <param name="content">The MIME bytes; they are copied.</param>
    /// <returns>The message, with its envelope computed from its headers.</returns>
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

        var from = Addresses(headers, HeaderId.From);
        if (!from.Mailboxes.Any())
        {
            throw new EmailBuildException("From", "The prepared email has no From address.");
        }

        var to = Addresses(headers, HeaderId.To);
        var cc = Addresses(headers, HeaderId.Cc);
        var bcc = Addresses(headers, HeaderId.Bcc);
        if (!to.Mailboxes.Any() && !cc.Mailboxes.Any() && !bcc.Mailboxes.Any())
        {
            throw new EmailBuildException("To", "The prepared email has no recipient.");
        }

        return new PreparedEmail(messageId, content.ToArray(), SmtpEnvelope.Of(from, to, cc, bcc), composed: null);
    }

    /// <summary>
    /// Writes the message as a provider transmits it: RFC 5322 with CRLF line endings, without the <c>Bcc</c> header
    /// (the DKIM signature, which never covers <c>Bcc</c>, stays valid).
    /// </summary>
    /// <param name="destination">The stream to write to; it is left open.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the message is written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async Task WriteToAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var message = ToMimeMessage();
        await message.WriteToAsync(Transmitted, destination, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string ToString() => Volatile.Read(ref _content) is { } content ? $"Email {MessageId} ({content.Length} bytes)" : $"Email {MessageId}";

    /// <summary>
    /// Keeps a composed message, which the prepared email then owns (the caller must not dispose it): a direct send
    /// transmits it as it is, without serializing it to bytes first nor parsing them back; <see cref="Content"/> is
    /// written from it when first read. Without <paramref name="keep"/>, the bytes are written now and the message is
    /// not kept.
    /// </summary>
    internal static PreparedEmail From(MimeMessage message, bool keep = false)
    {
        var messageId = message.MessageId ?? throw new EmailBuildException("Message-ID", "The message has no Message-ID.");
        var envelope = SmtpEnvelope.Of(message);
        return keep
            ? new PreparedEmail(messageId, content: null, envelope, message)
            : new PreparedEmail(messageId, Write(message), envelope, composed: null);
    }

    /// <summary>
    /// Lends the message to transmit for one attempt; dispose the lease when the attempt ends. It is the composed
    /// message when there is one and no other attempt has it (no parse: the first email after start does not pay for
    /// MimeKit's parser, nor any send for a parse), and a fresh parse of the bytes otherwise. A composed message goes
    /// back to the prepared email after the attempt, as a retry on a fresh connection sends it again.
    /// </summary>
    internal MimeMessageLease LendMimeMessage()
    {
        lock (_gate)
        {
            if (_composed is not null && !_lent)
            {
                _lent = true;
                return new MimeMessageLease(this, _composed);
            }
        }

        return new MimeMessageLease(null, ToMimeMessage());
    }

    /// <summary>Parses the bytes back into the message to send; the caller disposes it.</summary>
    internal MimeMessage ToMimeMessage()
    {
        try
        {
            return MimeMessage.Load(new MemoryStream(Bytes(), writable: false));
        }
        catch (FormatException exception)
        {
            throw new EmailBuildException("Content", "The prepared email is not a MIME message.", exception);
        }
    }

    private static byte[] Write(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(WireFormat.Crlf, stream);
        return stream.ToArray();
    }

    private byte[] Bytes() => Volatile.Read(ref _content) ?? WriteComposed();

    /// <summary>Writes the composed message's bytes, once; while an attempt has it on the wire, after that attempt (which its provider bounds).</summary>
    private byte[] WriteComposed()
    {
        lock (_gate)
        {
            while (_content is null && _lent)
            {
                Monitor.Wait(_gate);
            }

            _content ??= Write(_composed!);
            return _content;
        }
    }

    private void Return()
    {
        lock (_gate)
        {
            _lent = false;
            Monitor.PulseAll(_gate);
        }
    }

    private static InternetAddressList Addresses(HeaderList headers, HeaderId id) =>
        headers[id] is { } value && InternetAddressList.TryParse(value, out var addresses) ? addresses : [];

    private static FormatOptions CreateTransmittedFormat()
    {
        var format = WireFormat.Crlf.Clone();
        format.HiddenHeaders.Add(HeaderId.Bcc);
        format.HiddenHeaders.Add(HeaderId.ResentBcc);
        return format;
    }

    /// <summary>A message lent for one attempt: the composed one goes back to its prepared email, a parsed one is disposed.</summary>
    internal readonly struct MimeMessageLease : IDisposable
    {
        private readonly PreparedEmail? _owner;

        internal MimeMessageLease(PreparedEmail? owner, MimeMessage message)
        {
            _owner = owner;
            Message = message;
        }

        /// <summary>Gets the message to transmit.</summary>
        internal MimeMessage Message { get; }

        /// <inheritdoc />
        public void Dispose()
        {
            if (_owner is null)
            {
                Message.Dispose();
            }
            else
            {
                _owner.Return();
            }
        }
    }
}
