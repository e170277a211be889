namespace Hyperswitch.Email;

/// <summary>What an <see cref="IEmailData"/> renders: the recipient, the subject and the body of one email.</summary>
public sealed class EmailContents
{
    /// <summary>Initializes a new instance of the <see cref="EmailContents"/> class.</summary>
    /// <param name="recipient">The recipient.</param>
    /// <param name="subject">The subject line.</param>
    /// <param name="htmlBody">The HTML body. Values inserted into it must be HTML-encoded.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public EmailContents(EmailAddress recipient, string subject, string htmlBody)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(htmlBody);
        Recipient = recipient;
        Subject = subject;
        HtmlBody = htmlBody;
    }

    /// <summary>Gets the recipient.</summary>
    public EmailAddress Recipient { get; }

    /// <summary>Gets the subject line.</summary>
    public string Subject { get; }

    /// <summary>Gets the HTML body.</summary>
    public string HtmlBody { get; }

    /// <summary>Gets the plain-text alternative of <see cref="HtmlBody"/>.</summary>
    /// <value>The default is <see langword="null"/>: the text is derived from the HTML, as for <see cref="EmailMessage.TextBody"/>.</value>
    public string? TextBody { get; init; }
}
