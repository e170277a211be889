namespace Hyperswitch.Email.Smtp;

/// <summary>Where a delivery was when it failed; it decides how an exception is reported.</summary>
internal enum SmtpStage
{
    /// <summary>Opening the TCP connection.</summary>
    Connect,

    /// <summary>Greeting, EHLO and, with STARTTLS, the TLS handshake.</summary>
    Greeting,

    /// <summary>AUTH.</summary>
    Authenticate,

    /// <summary>MAIL FROM, RCPT TO and DATA.</summary>
    Send,
}
