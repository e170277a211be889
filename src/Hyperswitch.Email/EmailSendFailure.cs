namespace Hyperswitch.Email;

/// <summary>Why sending a message failed: the stage of the SMTP dialogue, or a provider-neutral reason.</summary>
/// <remarks>
/// The kinds are provider-neutral where they can be (<see cref="Throttled"/>, <see cref="RateLimited"/>,
/// <see cref="Suppressed"/>, <see cref="Unknown"/>); the others are named after the SMTP stage that failed, and a
/// provider that is not SMTP maps its own errors onto the closest one. The provider's own code is in
/// <see cref="EmailSendException.ProviderErrorCode"/>. Store a kind by its name, not its number.
/// </remarks>
public enum EmailSendFailure
{
    /// <summary>
    /// The provider failed in a way no other kind describes, for example the pickup directory could not be written;
    /// also the default value, when a provider did not say.
    /// </summary>
    Unknown = 0,

    /// <summary>The server could not be reached: the host did not resolve or refused the connection.</summary>
    Connect,

    /// <summary>
    /// The server did not connect, or did not complete a reply, within <c>Email:Smtp:Timeout</c> (the whole reply,
    /// however slowly its bytes arrive).
    /// </summary>
    Timeout,

    /// <summary>TLS could not be established: the server does not offer STARTTLS, or the handshake or certificate validation failed.</summary>
    Tls,

    /// <summary>
    /// The server refused the credentials, offers no AUTH mechanism that the configured authentication can use, or
    /// requires authentication (<c>530</c> to <c>MAIL FROM</c> or <c>RCPT TO</c>) and none is configured.
    /// </summary>
    Authentication,

    /// <summary>The server refused the sender (the reply to <c>MAIL FROM</c>).</summary>
    SenderRejected,

    /// <summary>The server refused a recipient (the reply to <c>RCPT TO</c>); see <see cref="EmailSendException.Mailbox"/>.</summary>
    RecipientRejected,

    /// <summary>The server refused the message content (the reply to <c>DATA</c> or to its final dot).</summary>
    MessageRejected,

    /// <summary>
    /// The connection was lost, or the server replied in a way the protocol does not allow (a reply over 100 lines or
    /// 64 KiB among them), or the SMTP client failed in a way no other kind describes.
    /// </summary>
    Protocol,

    /// <summary>
    /// The provider refused the message for now because the sender is over its sending rate or quota, for example
    /// Amazon SES's <c>454 Throttling failure</c> or a <c>4xx</c> reply that says the sender is rate limited. Transient
    /// when the provider says to try later; a daily quota may take hours.
    /// </summary>
    Throttled,

    /// <summary>
    /// A rate limit of this application refused the message before it reached the provider: its turn under
    /// <c>Email:RateLimit</c> would have come later than <c>Email:RateLimit:MaxWait</c> (or a send hook refused it for
    /// its own limit); nothing was sent. Transient: not retried by <c>Email:Smtp:Retry</c>, which would wait again.
    /// </summary>
    RateLimited,

    /// <summary>
    /// The recipient is on a suppression list (after a hard bounce or a complaint), of this application or of the
    /// provider; nothing was sent to that address. Not transient: sending again does not help until it is removed.
    /// </summary>
    Suppressed,
}
