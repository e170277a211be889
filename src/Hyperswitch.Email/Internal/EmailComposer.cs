using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Internal;

/// <summary>The <see cref="IEmailComposer"/> over the current options (the last valid ones after an invalid edit).</summary>
internal sealed partial class EmailComposer : IEmailComposer
{
    private readonly CurrentComposer _composer;
    private readonly ILogger _logger;

    public EmailComposer(IOptionsMonitor<EmailOptions> options, ILogger<EmailComposer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _composer = new CurrentComposer(options, LogOptionsRefused);
    }

    /// <inheritdoc />
    /// <remarks>Composing is synchronous today: the task is complete when returned, and a failure is thrown at the call.</remarks>
    public ValueTask<PreparedEmail> ComposeAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<PreparedEmail>(_composer.Get().Prepare(message));
    }

    /// <summary>Signs again and measures a message a send hook changed, with the current options.</summary>
    internal void Resign(MimeKit.MimeMessage message) => _composer.Get().Resign(message);

    [LoggerMessage(EventId = 7, EventName = "EmailOptionsRefused", Level = LogLevel.Error,
        Message = "The changed email configuration is invalid and was not applied; the previous one stays in use")]
    private partial void LogOptionsRefused(Exception exception);
}
