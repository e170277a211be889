using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Hyperswitch.Email.Smtp;

/// <summary>
/// Maps what MailKit and the socket throw to an <see cref="EmailSendException"/> that says what failed and whether to
/// try again. The mapping is total: whatever MailKit, MimeKit or the network throws comes out as an
/// <see cref="EmailSendException"/> (only an <see cref="OutOfMemoryException"/> is left alone, and the caller's own
/// cancellation, which the caller checks first). The server's text is scrubbed (<see cref="ServerTextScrubber"/>)
/// in the message and in the inner exception.
/// </summary>
internal static partial class SmtpFailure
{
    /// <summary>The provider name on every exception of the SMTP client (<see cref="EmailSendException.Provider"/>).</summary>
    public const string ProviderName = "SMTP";

    /// <summary>
    /// Returns the enhanced status code (RFC 3463) that starts a reply's text, such as <c>5.1.1</c>, or
    /// <see langword="null"/> when the reply has none.
    /// </summary>
    public static string? EnhancedStatusCode(string? reply)
    {
        var match = reply is null ? null : EnhancedStatus().Match(reply);
        return match is { Success: true } ? match.Groups[1].Value : null;
    }

    /// <summary>
    /// Whether a <c>4xx</c> reply says the sender is over a rate or quota: Amazon SES's <c>454 Throttling failure</c>,
    /// Microsoft 365's <c>4.7.500 Server busy</c> and <c>4.7.650 ... rate limited</c>, Gmail's <c>4.7.28 ... unusual
    /// rate</c>. A bare <c>4.7.0</c> is not enough: RFC 4954 gives <c>454 4.7.0</c> to a temporary authentication
    /// failure, and servers send <c>421 4.7.0</c> for many reasons; those keep the kind of their stage.
    /// </summary>
    public static bool IsThrottling(int code, string? enhanced, string reply) =>
        code is >= 400 and < 500
        && (enhanced is "4.7.28" or "4.7.500" or "4.7.650"
            || reply.Contains("throttl", StringComparison.OrdinalIgnoreCase)
            || reply.Contains("rate limit", StringComparison.OrdinalIgnoreCase)
            || reply.Contains("rate-limit", StringComparison.OrdinalIgnoreCase)
            || reply.Contains("ratelimit", StringComparison.OrdinalIgnoreCase));

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*([245]\.\d{1,3}\.\d{1,3})(?![\d.])", System.Text.RegularExpressions.RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial System.Text.RegularExpressions.Regex EnhancedStatus();

    /// <summary>Returns the <see cref="EmailSendException"/> for <paramref name="exception"/>, or <see langword="null"/> to let it propagate unchanged.</summary>
    /// <param name="exception">What MailKit or the socket threw.</param>
    /// <param name="stage">Where the dialogue stood.</param>
    /// <param name="replyCode">The code of the server's last reply, or 0.</param>
    /// <param name="server">The server.</param>
    /// <param name="certificateRefusal">Why the certificate was refused, when it was.</param>
    /// <param name="replyTooLarge">Whether a reply went over the size bound, which ended the call.</param>
    /// <param name="scrubber">Scrubs the server's text; <see cref="ServerTextScrubber.Default"/> when <see langword="null"/>.</param>
    public static EmailSendException? TryMap(Exception exception, SmtpStage stage, int replyCode, SmtpEndpoint server, string? certificateRefusal, bool replyTooLarge = false, ServerTextScrubber? scrubber = null)
    {
        scrubber ??= ServerTextScrubber.Default;

        // After the final dot and before the reply, the server may have the message: never report that as retryable.
        var ambiguous = stage == SmtpStage.EndOfData;
        var inner = scrubber.Retell(exception);
        return exception switch
        {
            EmailSendException or OutOfMemoryException => null,
            _ when replyTooLarge => new EmailSendException(
                EmailSendFailure.Protocol,
                isTransient: !ambiguous,
                $"The SMTP server {server} sent a reply longer than {SmtpStageTracker.MaxReplyLines} lines or {SmtpStageTracker.MaxReplyBytes / 1024} KiB ({Describe(stage)}); the connection was closed.{AmbiguityNote(ambiguous)}",
                innerException: inner)
            {
                Provider = ProviderName,
                MayHaveBeenDelivered = ambiguous,
            },
            TimeoutException or OperationCanceledException
                or IOException { InnerException: TimeoutException }
                or SslHandshakeException { InnerException: TimeoutException or OperationCanceledException } => new EmailSendException(
                EmailSendFailure.Timeout,
                isTransient: !ambiguous,
                $"The SMTP server {server} did not answer within {server.Timeout.TotalSeconds:0} s ({Describe(stage)}).{AmbiguityNote(ambiguous)}",
                innerException: inner)
            {
                Provider = ProviderName,
                MayHaveBeenDelivered = ambiguous,
            },
            SocketException socket when stage == SmtpStage.Connect => new EmailSendException(
                EmailSendFailure.Connect,
                isTransient: true,
                $"Could not connect to the SMTP server {server}: {scrubber.Scrub(socket.Message)}",
                innerException: inner)
            {
                Provider = ProviderName,
            },
            SslHandshakeException or System.Security.Authentication.AuthenticationException => new EmailSendException(
                EmailSendFailure.Tls,
                isTransient: false,
                certificateRefusal is not null
                    ? $"TLS with the SMTP server {server} failed: {certificateRefusal}. Nothing was sent."
                    : $"TLS with the SMTP server {server} failed ({Describe(stage)}): {scrubber.Scrub(exception.InnerException?.Message ?? exception.Message)} Nothing was sent.",
                innerException: inner)
            {
                Provider = ProviderName,
            },
            NotSupportedException when stage is SmtpStage.Ehlo or SmtpStage.Greeting or SmtpStage.StartTls && server.Connection == SmtpConnectionMode.StartTls => new EmailSendException(
                EmailSendFailure.Tls,
                isTransient: false,
                $"The SMTP server {server} does not offer STARTTLS, which Email:Smtp:Connection \"starttls\" requires; nothing was sent in plain text.",
                innerException: inner)
            {
                Provider = ProviderName,
            },
            NotSupportedException when stage is SmtpStage.Ehlo or SmtpStage.Authenticate => new EmailSendException(
                EmailSendFailure.Authentication,
                isTransient: false,
                $"The SMTP server {server} offers no authentication mechanism that can be used, but Email:Smtp:Username and Email:Smtp:Password are set.",
                innerException: inner)
            {
                Provider = ProviderName,
            },
            ServiceNotAuthenticatedException => FromNotAuthenticated(exception, stage, replyCode, server, scrubber, inner),
            AuthenticationException => FromAuthentication(exception, replyCode, server, scrubber, inner),
            SmtpCommandException command => FromCommand(command, stage, server, scrubber, inner),
            SmtpProtocolException or ServiceNotConnectedException or IOException or SocketException => new EmailSendException(
                EmailSendFailure.Protocol,
                isTransient: !ambiguous,
                $"The connection to the SMTP server {server} was lost ({Describe(stage)}): {scrubber.Scrub(exception.Message)}{AmbiguityNote(ambiguous)}",
                innerException: inner)
            {
                Provider = ProviderName,
                MayHaveBeenDelivered = ambiguous,
            },

            // Anything else MailKit or MimeKit may throw (a parse error in a reply, a state it did not expect): the
            // dialogue cannot go on, and the connection is closed like a lost one.
            _ => new EmailSendException(
                EmailSendFailure.Protocol,
                isTransient: !ambiguous,
                $"The SMTP dialogue with {server} failed unexpectedly ({Describe(stage)}): {exception.GetType().Name}: {scrubber.Scrub(exception.Message)}{AmbiguityNote(ambiguous)}",
                innerException: inner)
            {
                Provider = ProviderName,
                MayHaveBeenDelivered = ambiguous,
            },
        };
    }

    /// <summary>A <c>530</c> (authentication required) to MAIL FROM, RCPT TO or DATA.</summary>
    private static EmailSendException FromNotAuthenticated(Exception exception, SmtpStage stage, int replyCode, SmtpEndpoint server, ServerTextScrubber scrubber, Exception? inner)
    {
        var code = replyCode is >= 400 and < 600 ? replyCode : 530;
        var transient = code is >= 400 and < 500;
        var hint = server.Authentication == SmtpAuthentication.None
            ? " Set Email:Smtp:Username and Email:Smtp:Password (or Email:Smtp:Authentication \"OAuth2\")."
            : string.Empty;
        return new EmailSendException(
            EmailSendFailure.Authentication,
            transient,
            $"The SMTP server {server} requires authentication ({Describe(stage)}: {code} {scrubber.Scrub(exception.Message)}); nothing was sent.{hint}",
            code,
            inner)
        {
            Provider = ProviderName,
            ProviderErrorCode = EnhancedStatusCode(exception.Message),
        };
    }

    private static EmailSendException FromAuthentication(Exception exception, int replyCode, SmtpEndpoint server, ServerTextScrubber scrubber, Exception? inner)
    {
        var code = exception.InnerException is SmtpCommandException command ? (int)command.StatusCode
            : replyCode is >= 400 and < 600 ? replyCode
            : 535;
        var transient = code is >= 400 and < 500;
        var what = server.Authentication == SmtpAuthentication.OAuth2
            ? "refused the OAuth2 access token for Email:Smtp:Username"
            : "refused the credentials of Email:Smtp:Username";
        return new EmailSendException(
            EmailSendFailure.Authentication,
            transient,
            $"The SMTP server {server} {what} ({code} {scrubber.Scrub(exception.Message)}){(transient ? "; the failure is temporary" : string.Empty)}.{BasicAuthenticationHint(exception.Message)}",
            code,
            inner)
        {
            Provider = ProviderName,
            ProviderErrorCode = EnhancedStatusCode(exception.InnerException is SmtpCommandException reply ? reply.Message : exception.Message),
        };
    }

    private static EmailSendException FromCommand(SmtpCommandException command, SmtpStage stage, SmtpEndpoint server, ServerTextScrubber scrubber, Exception? inner)
    {
        var code = (int)command.StatusCode;
        var transient = code is >= 400 and < 500;
        var (failure, what) = command.ErrorCode switch
        {
            SmtpErrorCode.SenderNotAccepted => (EmailSendFailure.SenderRejected, "refused the sender"),
            SmtpErrorCode.RecipientNotAccepted => (EmailSendFailure.RecipientRejected, "refused a recipient"),
            SmtpErrorCode.MessageNotAccepted => (EmailSendFailure.MessageRejected, "refused the message"),
            _ => stage switch
            {
                SmtpStage.Greeting or SmtpStage.Ehlo => (EmailSendFailure.Connect, "refused the connection"),
                SmtpStage.StartTls => (EmailSendFailure.Tls, "refused STARTTLS"),
                SmtpStage.Authenticate => (EmailSendFailure.Authentication, "refused authentication"),
                SmtpStage.MailFrom => (EmailSendFailure.SenderRejected, "refused the sender"),
                SmtpStage.RcptTo => (EmailSendFailure.RecipientRejected, "refused a recipient"),
                SmtpStage.Data or SmtpStage.Content or SmtpStage.EndOfData => (EmailSendFailure.MessageRejected, "refused the message"),
                _ => (EmailSendFailure.Protocol, "answered unexpectedly"),
            },
        };

        var enhanced = EnhancedStatusCode(command.Message);
        if (IsThrottling(code, enhanced, command.Message))
        {
            (failure, what) = (EmailSendFailure.Throttled, $"{what}: the sender is throttled");
        }

        return new EmailSendException(
            failure,
            transient,
            $"The SMTP server {server} {what} ({code} {scrubber.Scrub(command.Message)}){(transient ? "; the failure is temporary" : string.Empty)}.{BasicAuthenticationHint(command.Message)}",
            code,
            inner)
        {
            Provider = ProviderName,
            ProviderErrorCode = enhanced,
            Mailbox = command.Mailbox?.Address,
        };
    }

    /// <summary>
    /// Microsoft 365 answers a password login with <c>5.7.30</c> or <c>5.7.139</c> once basic authentication is off
    /// for SMTP: say what to do instead.
    /// </summary>
    private static string BasicAuthenticationHint(string reply) =>
        reply.Contains("5.7.30", StringComparison.Ordinal) || reply.Contains("5.7.139", StringComparison.Ordinal)
            ? " The server no longer accepts passwords for SMTP (basic authentication is off, as in Microsoft 365): set Email:Smtp:Authentication to \"OAuth2\" and register an ISmtpAccessTokenSource (see docs/providers.md)."
            : string.Empty;

    private static string AmbiguityNote(bool ambiguous) => ambiguous
        ? " The whole message had been sent: the server may have accepted it, so it is not retried; check for its Message-ID before sending it again."
        : string.Empty;

    private static string Describe(SmtpStage stage) => stage switch
    {
        SmtpStage.Connect => "while connecting",
        SmtpStage.Greeting => "waiting for the greeting",
        SmtpStage.Ehlo => "at EHLO",
        SmtpStage.StartTls => "at STARTTLS",
        SmtpStage.Authenticate => "during AUTH",
        SmtpStage.MailFrom => "at MAIL FROM",
        SmtpStage.RcptTo => "at RCPT TO",
        SmtpStage.Data => "at DATA",
        SmtpStage.Content => "while sending the message content",
        SmtpStage.EndOfData => "waiting for the reply to the end of the message",
        _ => "after the message was accepted",
    };
}
