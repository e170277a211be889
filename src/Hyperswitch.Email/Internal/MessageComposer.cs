using Hyperswitch.Email.Dkim;
using MimeKit;

namespace Hyperswitch.Email.Internal;

/// <summary>
/// Turns an <see cref="EmailMessage"/> into the MIME message every client sends or stores: built, DKIM-signed, and
/// within the size limit. Made once per options change (the sender is parsed and the DKIM key loaded here).
/// </summary>
internal sealed class MessageComposer
{
    private readonly MailboxAddress _sender;
    private readonly DkimMessageSigner? _dkim;
    private readonly long? _maxSize;

    public MessageComposer(EmailOptions options)
    {
        Options = options;
        _sender = AddressParser.Parse(new EmailAddress(options.SenderEmail, options.SenderName), "Email:SenderEmail");
        _dkim = options.Dkim is { } dkim
            ? DkimMessageSigner.TryCreate(dkim) is { Signer: { } signer } ? signer : throw new InvalidOperationException("Email:Dkim did not pass validation.")
            : null;
        _maxSize = options.MaxMessageSize;
    }

    /// <summary>The options this composer was made from; a different instance means the options changed.</summary>
    public EmailOptions Options { get; }

    /// <summary>Builds, signs and measures the message.</summary>
    /// <exception cref="EmailParseException">An address does not parse.</exception>
    /// <exception cref="EmailBuildException">The message cannot be built or is too large.</exception>
    public MimeMessage Compose(EmailMessage message)
    {
        var mime = MimeMessageFactory.Create(message, _sender);
        try
        {
            _dkim?.Sign(mime);
            MessageSize.EnsureWithin(mime, _maxSize);
            return mime;
        }
        catch
        {
            mime.Dispose();
            throw;
        }
    }

    /// <summary>Signs again (when DKIM is on) and measures a message a send hook changed; its old signatures are already removed.</summary>
    /// <exception cref="EmailBuildException">The changed message is too large.</exception>
    public void Resign(MimeMessage message)
    {
        _dkim?.Sign(message);
        MessageSize.EnsureWithin(message, _maxSize);
    }

    /// <summary>Builds, signs and measures the message, and returns it as the bytes a queue stores.</summary>
    /// <exception cref="EmailParseException">An address does not parse.</exception>
    /// <exception cref="EmailBuildException">The message cannot be built or is too large.</exception>
    public PreparedEmail Prepare(EmailMessage message)
    {
        var mime = Compose(message);
        try
        {
            return PreparedEmail.From(mime, keep: true);
        }
        catch
        {
            mime.Dispose();
            throw;
        }
    }
}
