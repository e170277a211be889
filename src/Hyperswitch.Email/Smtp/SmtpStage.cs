namespace Hyperswitch.Email.Smtp;

/// <summary>Where a delivery was when it failed; it decides how an exception is reported and whether a retry is safe.</summary>
internal enum SmtpStage
{
    /// <summary>Opening the TCP connection.</summary>
    Connect,

    /// <summary>Waiting for the greeting (or, with implicit TLS, the TLS handshake before it).</summary>
    Greeting,

    /// <summary>EHLO or HELO.</summary>
    Ehlo,

    /// <summary>The STARTTLS command and the TLS handshake that follows it.</summary>
    StartTls,

    /// <summary>AUTH.</summary>
    Authenticate,

    /// <summary>MAIL FROM.</summary>
    MailFrom,

    /// <summary>RCPT TO.</summary>
    RcptTo,

    /// <summary>The DATA command, before the server's <c>354</c>.</summary>
    Data,

    /// <summary>Writing the message content, before its final dot.</summary>
    Content,

    /// <summary>
    /// The final dot (or the last BDAT chunk) was written and its reply has not arrived: the server may have accepted
    /// the message, so a failure here is ambiguous and must not be retried.
    /// </summary>
    EndOfData,

    /// <summary>The server accepted the message.</summary>
    Accepted,
}
