using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Hyperswitch.Email.Smtp;

/// <summary>Maps what MailKit and the socket throw to an <see cref="EmailSendException"/> that says what failed and whether to try again.</summary>
internal static class SmtpFailure
{
    /// <summary>Returns the <see cref="EmailSendException"/> for <paramref name="exception"/>, or <see langword="null"/> to let it propagate unchanged.</summary>
    public static EmailSendException? TryMap(Exception exception, SmtpStage stage, SmtpSettings settings)
    {
        var server = $"{settings.Host}:{settings.Port}";
        return exception switch
        {
            EmailSendException => null,
            TimeoutException or OperationCanceledException => new EmailSendException(
                EmailSendFailure.Timeout,
                isTransient: true,
                $"The SMTP server {server} did not answer within {settings.Timeout.TotalSeconds:0} s ({Describe(stage)}).",
                innerException: exception),
            SocketException socket when stage == SmtpStage.Connect => new EmailSendException(
                EmailSendFailure.Connect,
                isTransient: true,
                $"Could not connect to the SMTP server {server}: {socket.Message}",
                innerException: exception),
            SslHandshakeException => new EmailSendException(
                EmailSendFailure.Tls,
                isTransient: false,
                $"TLS with the SMTP server {server} failed: {exception.Message}",
                innerException: exception),
            NotSupportedException when stage == SmtpStage.Greeting && settings.Connection == SmtpConnectionMode.StartTls => new EmailSendException(
                EmailSendFailure.Tls,
                isTransient: false,
                $"The SMTP server {server} does not offer STARTTLS, which Email:Smtp:Connection \"starttls\" requires; nothing was sent in plain text.",
                innerException: exception),
            NotSupportedException when stage == SmtpStage.Authenticate => new EmailSendException(
                EmailSendFailure.Authentication,
                isTransient: false,
                $"The SMTP server {server} offers no authentication mechanism that can be used, but Email:Smtp:Username and Email:Smtp:Password are set.",
                innerException: exception),
            AuthenticationException => new EmailSendException(
                EmailSendFailure.Authentication,
                isTransient: false,
                $"The SMTP server {server} refused the credentials of Email:Smtp:Username: {exception.Message}",
                smtpStatusCode: 535,
                innerException: exception),
            SmtpCommandException command => FromCommand(command, stage, server),
            SmtpProtocolException or ServiceNotConnectedException or IOException or SocketException => new EmailSendException(
                EmailSendFailure.Protocol,
                isTransient: true,
                $"The connection to the SMTP server {server} was lost or broke the protocol ({Describe(stage)}): {exception.Message}",
                innerException: exception),
            _ => null,
        };
    }

    private static EmailSendException FromCommand(SmtpCommandException command, SmtpStage stage, string server)
    {
        var code = (int)command.StatusCode;
        var transient = code is >= 400 and < 500;
        var (failure, what) = command.ErrorCode switch
        {
            SmtpErrorCode.SenderNotAccepted => (EmailSendFailure.SenderRejected, "refused the sender"),
            SmtpErrorCode.RecipientNotAccepted => (EmailSendFailure.RecipientRejected, "refused a recipient"),
            SmtpErrorCode.MessageNotAccepted => (EmailSendFailure.MessageRejected, "refused the message"),
            _ when stage == SmtpStage.Authenticate => (EmailSendFailure.Authentication, "refused authentication"),
            _ when stage == SmtpStage.Greeting => (EmailSendFailure.Connect, "refused the connection"),
            _ => (EmailSendFailure.Protocol, "answered unexpectedly"),
        };

        return new EmailSendException(
            failure,
            transient,
            $"The SMTP server {server} {what} ({code} {command.Message.Trim()}){(transient ? "; the failure is temporary" : string.Empty)}.",
            code,
            command)
        {
            Mailbox = command.Mailbox?.Address,
        };
    }

    private static string Describe(SmtpStage stage) => stage switch
    {
        SmtpStage.Connect => "while connecting",
        SmtpStage.Greeting => "at the greeting, EHLO or STARTTLS",
        SmtpStage.Authenticate => "during AUTH",
        _ => "while sending the message",
    };
}
