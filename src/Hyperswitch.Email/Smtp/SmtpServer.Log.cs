using Microsoft.Extensions.Logging;

namespace Hyperswitch.Email.Smtp;

/// <content>Source-generated log messages. Recipients are masked; passwords and bodies are never logged.</content>
public sealed partial class SmtpServer
{
    [LoggerMessage(EventId = 1, EventName = "EmailSending", Level = LogLevel.Debug,
        Message = "Sending email to {Recipients} through {SmtpHost}:{SmtpPort} ({Connection})")]
    private partial void LogSending(string recipients, string smtpHost, int smtpPort, SmtpConnectionMode connection);

    [LoggerMessage(EventId = 4, EventName = "EmailQuitFailed", Level = LogLevel.Debug,
        Message = "The message was accepted, but closing the SMTP connection with QUIT failed")]
    private partial void LogQuitFailed(Exception exception);

    [LoggerMessage(EventId = 5, EventName = "EmailSendRetrying", Level = LogLevel.Warning,
        Message = "Sending email failed ({Failure}, SMTP status {SmtpStatusCode}); retry {Retry} in {DelayMilliseconds:0} ms")]
    private partial void LogRetrying(Exception exception, int retry, double delayMilliseconds, EmailSendFailure failure, string smtpStatusCode);

    /// <summary>The status code for a log message: the code, or <c>none</c> when the server gave none (a lost connection, a timeout).</summary>
    private static string StatusForLog(int? smtpStatusCode) =>
        smtpStatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";

    [LoggerMessage(EventId = 6, EventName = "EmailFailingOver", Level = LogLevel.Warning,
        Message = "Sending email through {Primary} failed ({Failure}); trying the failover server {Failover}")]
    private partial void LogFailingOver(Exception exception, string primary, string failover, EmailSendFailure failure);

    [LoggerMessage(EventId = 7, EventName = "EmailOptionsRefused", Level = LogLevel.Error,
        Message = "The changed email configuration is invalid and was not applied; the previous one stays in use")]
    private partial void LogOptionsRefused(Exception exception);
}
