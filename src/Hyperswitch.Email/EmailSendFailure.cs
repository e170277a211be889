namespace Hyperswitch.Email;

/// <summary>The stage at which sending a message failed.</summary>
public enum EmailSendFailure
{
    /// <summary>The server could not be reached: the host did not resolve or refused the connection.</summary>
    Connect,

    /// <summary>The server did not answer within <c>Email:Smtp:Timeout</c>.</summary>
    Timeout,

    /// <summary>TLS could not be established: the server does not offer STARTTLS, or the handshake or certificate validation failed.</summary>
    Tls,

    /// <summary>The server refused the credentials, or authentication is required and none are configured.</summary>
    Authentication,

    /// <summary>The server refused the sender (the reply to <c>MAIL FROM</c>).</summary>
    SenderRejected,

    /// <summary>The server refused a recipient (the reply to <c>RCPT TO</c>); see <see cref="EmailSendException.Mailbox"/>.</summary>
    RecipientRejected,

    /// <summary>The server refused the message content (the reply to <c>DATA</c> or to its final dot).</summary>
    MessageRejected,

    /// <summary>The connection was lost, or the server replied in a way the protocol does not allow.</summary>
    Protocol,
}
