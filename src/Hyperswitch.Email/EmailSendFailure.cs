namespace Hyperswitch.Email;

/// <summary>The stage at which sending a message failed.</summary>
public enum EmailSendFailure
{
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
}
