namespace Hyperswitch.Email;

/// <summary>The server (or another provider) could not be reached or did not accept the message, or a send hook refused it.</summary>
/// <remarks>
/// <see cref="IsTransient"/> says whether sending the same message again later may succeed: a <c>4xx</c> reply,
/// a refused or lost connection and a timeout are transient; a <c>5xx</c> reply, a TLS failure and refused
/// credentials are not, and neither is a failure after which the server may have accepted the message
/// (<see cref="MayHaveBeenDelivered"/>). The inner exception is the one the socket or TLS raised, or, when MailKit
/// or MimeKit raised it, a retelling of it (its type name, its stack trace) with the server's text scrubbed: no
/// MailKit or MimeKit type is reachable from this exception. The message and the inner exception never carry the
/// server's text as sent: email addresses are masked (<c>j***@example.com</c>), the credentials, the OAuth2 token and
/// base64-looking runs are <c>[redacted]</c>; the reply code and the enhanced status code (<c>5.7.8</c>) are kept.
/// </remarks>
public sealed class EmailSendException : EmailException
{
    /// <summary>Initializes a new instance of the <see cref="EmailSendException"/> class.</summary>
    /// <param name="failure">The stage at which sending failed.</param>
    /// <param name="isTransient"><see langword="true"/> when sending again later may succeed.</param>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="smtpStatusCode">The SMTP reply code, for example <c>550</c>, or <see langword="null"/> when the server gave none.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    public EmailSendException(EmailSendFailure failure, bool isTransient, string message, int? smtpStatusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        IsTransient = isTransient;
        SmtpStatusCode = smtpStatusCode;
    }

    /// <summary>Gets the stage at which sending failed.</summary>
    public EmailSendFailure Failure { get; }

    /// <summary>Gets a value indicating whether sending the same message again later may succeed.</summary>
    public bool IsTransient { get; }

    /// <summary>Gets the SMTP reply code, for example <c>421</c> or <c>550</c>, or <see langword="null"/> when the server gave none.</summary>
    public int? SmtpStatusCode { get; }

    /// <summary>
    /// Gets a value indicating whether the server may have accepted the message although the send failed: the
    /// connection was lost, or timed out, after the final dot of DATA and before the server's reply.
    /// </summary>
    /// <remarks>
    /// Such a failure is reported as not transient, so that a caller that retries transient failures does not send
    /// the message twice. Check the recipient's mailbox or the server's logs for the <c>Message-ID</c> before resending.
    /// </remarks>
    public bool MayHaveBeenDelivered { get; init; }

    /// <summary>Gets the name of the provider that failed, as <c>Email:ActiveEmailClient</c> names it (<c>SMTP</c>, <c>PickupDirectory</c>), or <see langword="null"/> when it did not say.</summary>
    public string? Provider { get; init; }

    /// <summary>
    /// Gets the provider's own error code, or <see langword="null"/> when it gave none: for SMTP the enhanced status
    /// code of the reply (<c>5.1.1</c>), beside its reply code in <see cref="SmtpStatusCode"/>; for another provider
    /// its API's error code (for example <c>Throttling</c>).
    /// </summary>
    public string? ProviderErrorCode { get; init; }

    /// <summary>Gets the address the server refused, when <see cref="Failure"/> is <see cref="EmailSendFailure.SenderRejected"/> or <see cref="EmailSendFailure.RecipientRejected"/>.</summary>
    public string? Mailbox { get; init; }
}
