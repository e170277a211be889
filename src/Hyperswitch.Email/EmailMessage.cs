namespace Hyperswitch.Email;

/// <summary>An HTML email to send: recipients, subject and body (with a plain-text alternative). The sender comes from the options unless <see cref="From"/> is set.</summary>
/// <example>
/// <code>
/// var message = new EmailMessage("jane@example.com", "Verify your email", "&lt;p&gt;Welcome!&lt;/p&gt;")
/// {
///     Cc = { "audit@example.com" },
/// };
/// await emailClient.SendAsync(message, cancellationToken);
/// </code>
/// </example>
public sealed class EmailMessage
{
    /// <summary>Initializes a new, empty instance of the <see cref="EmailMessage"/> class.</summary>
    public EmailMessage()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="EmailMessage"/> class with one recipient.</summary>
    /// <param name="to">The recipient.</param>
    /// <param name="subject">The subject line.</param>
    /// <param name="htmlBody">The HTML body.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public EmailMessage(EmailAddress to, string subject, string htmlBody)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(htmlBody);
        To.Add(to);
        Subject = subject;
        HtmlBody = htmlBody;
    }

    /// <summary>Gets or sets the sender.</summary>
    /// <value>The default is <see langword="null"/>: the configured <c>Email:SenderEmail</c> and <c>Email:SenderName</c>.</value>
    public EmailAddress? From { get; set; }

    /// <summary>Gets the primary recipients. A message needs at least one.</summary>
    public IList<EmailAddress> To { get; } = new List<EmailAddress>();

    /// <summary>Gets the carbon-copy recipients.</summary>
    public IList<EmailAddress> Cc { get; } = new List<EmailAddress>();

    /// <summary>Gets the blind carbon-copy recipients. They receive the message but appear in no header.</summary>
    public IList<EmailAddress> Bcc { get; } = new List<EmailAddress>();

    /// <summary>Gets the addresses that replies should go to.</summary>
    public IList<EmailAddress> ReplyTo { get; } = new List<EmailAddress>();

    /// <summary>Gets or sets the subject line. It must not contain CR, LF, NUL, other control characters nor U+2028 or U+2029.</summary>
    /// <value>The default is an empty string.</value>
    public string Subject { get; set; } = string.Empty;

    /// <summary>Gets or sets the HTML body, sent as <c>text/html; charset=utf-8</c>.</summary>
    /// <value>The default is an empty string.</value>
    public string HtmlBody { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets the plain-text alternative of <see cref="HtmlBody"/>, sent as <c>text/plain; charset=utf-8</c>
    /// before the HTML in a <c>multipart/alternative</c> body, for text-only clients and spam filters.
    /// </summary>
    /// <value>
    /// The default is <see langword="null"/>: the text is derived from <see cref="HtmlBody"/>, with tags, scripts and
    /// styles removed, entities decoded, paragraphs and line breaks kept, and each link written as <c>text (url)</c>.
    /// </value>
    public string? TextBody { get; set; }

    /// <summary>Gets the attachments and inline images.</summary>
    /// <remarks>An inline image must be referenced from <see cref="HtmlBody"/> as <c>cid:</c> its <see cref="EmailAttachment.ContentId"/>, and every <c>cid:</c> must have one.</remarks>
    public IList<EmailAttachment> Attachments { get; } = new List<EmailAttachment>();

    /// <summary>
    /// Gets custom headers, such as <c>List-Unsubscribe</c>, <c>Auto-Submitted</c> or <c>X-Campaign</c>. Names and values
    /// must not contain CR, LF, NUL, other control characters nor U+2028 or U+2029; headers the library sets (From, To,
    /// Date, Message-ID, ...) cannot be set here, nor headers that say who sent the message or where it goes
    /// (<c>Sender</c>, <c>Return-Path</c>, <c>Delivered-To</c>, every <c>Resent-*</c>, ...): the SMTP envelope comes
    /// from <see cref="From"/>, <see cref="To"/>, <see cref="Cc"/> and <see cref="Bcc"/> only.
    /// </summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
