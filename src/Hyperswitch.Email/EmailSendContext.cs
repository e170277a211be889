using Hyperswitch.Email.Internal;
using MimeKit;

namespace Hyperswitch.Email;

/// <summary>
/// One send as an <see cref="IEmailSendHook"/> sees it: the message and the provider it goes to; before the send, the
/// means to change the message (headers, recipients, subject); after it, how long the provider took.
/// </summary>
/// <remarks>
/// A change made in <see cref="IEmailSendHook.OnSendingAsync"/> replaces <see cref="Email"/> at once, so the next hook
/// sees it, and is what the provider sends: the message is rebuilt from its bytes, its DKIM signature removed and, when
/// <c>Email:Dkim</c> is set (and the library's <see cref="IEmailComposer"/> is registered), signed again, then checked
/// against <c>Email:MaxMessageSize</c>. The <c>Message-ID</c> never changes. Changes are refused after the send.
/// </remarks>
public sealed class EmailSendContext
{
    private readonly Action<MimeMessage>? _resign;
    private bool _sealed;

    /// <summary>Initializes a new instance of the <see cref="EmailSendContext"/> class.</summary>
    /// <param name="email">The message being sent.</param>
    /// <param name="provider">The provider's name (<see cref="IEmailTransport.Name"/>).</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public EmailSendContext(PreparedEmail email, string provider)
        : this(email, provider, resign: null)
    {
    }

    internal EmailSendContext(PreparedEmail email, string provider, Action<MimeMessage>? resign)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(provider);
        Email = email;
        Provider = provider;
        _resign = resign;
    }

    /// <summary>
    /// Gets the message being sent, with its envelope (<see cref="PreparedEmail.Recipients"/>) and <c>Message-ID</c>: as
    /// the hooks before this one left it.
    /// </summary>
    public PreparedEmail Email { get; private set; }

    /// <summary>Gets the provider's name, for example <c>SMTP</c>.</summary>
    public string Provider { get; }

    /// <summary>
    /// Gets how long the send took, from the first hook to the provider's outcome: <see cref="TimeSpan.Zero"/> before the
    /// send, set for <see cref="IEmailSendHook.OnSentAsync"/> and <see cref="IEmailSendHook.OnFailedAsync"/>.
    /// </summary>
    public TimeSpan Elapsed { get; internal set; }

    /// <summary>Adds a header to the message, for example <c>X-Campaign</c>, with the rules of <see cref="EmailMessage.Headers"/>.</summary>
    /// <param name="name">The header name: printable ASCII, not a header the library sets nor a routing or identity header (<c>Sender</c>, <c>X-Original-To</c>, <c>Resent-*</c>, …).</param>
    /// <param name="value">The value, without control characters.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="EmailBuildException">The header is refused, or the changed message is too large.</exception>
    /// <exception cref="InvalidOperationException">The send is over (called after <see cref="IEmailSendHook.OnSendingAsync"/>).</exception>
    public void AddHeader(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        MimeMessageFactory.CheckCustomHeader(name, value, $"Headers[{name}]", "from a send hook");
        Edit(message => message.Headers.Add(name, value));
    }

    /// <summary>Replaces the recipients: the <c>To</c>, <c>Cc</c> and <c>Bcc</c> headers, and with them the envelope.</summary>
    /// <param name="to">The new <c>To</c> addresses (bare addresses such as <c>jane@example.com</c>).</param>
    /// <param name="cc">The new <c>Cc</c> addresses, or <see langword="null"/> for none.</param>
    /// <param name="bcc">The new <c>Bcc</c> addresses, or <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="to"/> is <see langword="null"/>.</exception>
    /// <exception cref="EmailParseException">An address is not a valid email address; its field (<c>To[0]</c>) is named.</exception>
    /// <exception cref="EmailBuildException">No recipient is left, or the changed message is too large.</exception>
    /// <exception cref="InvalidOperationException">The send is over.</exception>
    public void SetRecipients(IEnumerable<string> to, IEnumerable<string>? cc = null, IEnumerable<string>? bcc = null)
    {
        ArgumentNullException.ThrowIfNull(to);
        var toList = Mailboxes(to, "To");
        var ccList = Mailboxes(cc ?? [], "Cc");
        var bccList = Mailboxes(bcc ?? [], "Bcc");
        if (toList.Count + ccList.Count + bccList.Count == 0)
        {
            throw new EmailBuildException("To", "A send hook left the message without a recipient.");
        }

        Edit(message =>
        {
            Replace(message.To, toList);
            Replace(message.Cc, ccList);
            Replace(message.Bcc, bccList);
        });
    }

    /// <summary>Puts <paramref name="prefix"/> before the subject, for example <c>[Staging] </c>.</summary>
    /// <param name="prefix">The text to put first.</param>
    /// <exception cref="ArgumentNullException"><paramref name="prefix"/> is <see langword="null"/>.</exception>
    /// <exception cref="EmailBuildException"><paramref name="prefix"/> contains a control character, or the changed message is too large.</exception>
    /// <exception cref="InvalidOperationException">The send is over.</exception>
    public void PrefixSubject(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (HeaderText.HasControlCharacter(prefix))
        {
            throw new EmailBuildException("Subject", "A subject prefix must not contain CR, LF, NUL or other control characters.");
        }

        Edit(message => message.Subject = prefix + (message.Subject ?? string.Empty));
    }

    /// <summary>Replaces the message with another one of the same <c>Message-ID</c>, for example one a hook rebuilt from its own bytes with <see cref="PreparedEmail.Load"/>.</summary>
    /// <param name="email">The message to send instead; sent as it is (not signed again).</param>
    /// <exception cref="ArgumentNullException"><paramref name="email"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="email"/> has another <c>Message-ID</c>: queues record sends by it.</exception>
    /// <exception cref="InvalidOperationException">The send is over.</exception>
    public void Replace(PreparedEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        EnsureOpen();
        if (!string.Equals(email.MessageId, Email.MessageId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A send hook may not change the Message-ID ({Email.MessageId}): the outbox records each send by it.", nameof(email));
        }

        Email = email;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Email} through {Provider}";

    /// <summary>Ends the time for changes: the provider has the message.</summary>
    internal void Seal() => _sealed = true;

    /// <summary>Changes the message with the library's own rights (the staging redirect's <c>X-Original-To</c>).</summary>
    internal void Edit(Action<MimeMessage> change)
    {
        EnsureOpen();
        using var message = Email.ToMimeMessage();

        // The old signature covers what is about to change; left in, it would fail at every receiver.
        while (message.Headers.IndexOf(HeaderId.DkimSignature) is var index and >= 0)
        {
            message.Headers.RemoveAt(index);
        }

        change(message);
        _resign?.Invoke(message);
        Email = PreparedEmail.From(message);
    }

    private void EnsureOpen()
    {
        if (_sealed)
        {
            throw new InvalidOperationException("The message can be changed only before it is sent, in IEmailSendHook.OnSendingAsync.");
        }
    }

    private static List<MailboxAddress> Mailboxes(IEnumerable<string> addresses, string field) =>
        addresses.Select((address, i) => AddressParser.Parse(new EmailAddress(address), $"{field}[{i}]")).ToList();

    private static void Replace(InternetAddressList list, List<MailboxAddress> addresses)
    {
        list.Clear();
        list.AddRange(addresses);
    }
}
