using Hyperswitch.Email.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Hyperswitch.Email.Providers;

/// <summary>
/// Accepts and discards every message, logging that it did (recipients masked, never the body): Hyperswitch's
/// <c>NO_EMAIL_CLIENT</c>, for development. Messages are still built, so bad input fails as it would in production.
/// </summary>
public sealed partial class NoEmailClient : IEmailClient
{
    private readonly CurrentComposer _composer;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="NoEmailClient"/> class.</summary>
    /// <param name="options">The options; the sender comes from them.</param>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public NoEmailClient(IOptionsMonitor<EmailOptions> options, ILogger<NoEmailClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _composer = new CurrentComposer(options, LogOptionsRefused);
    }

    /// <inheritdoc />
    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        using var mime = _composer.Get().Compose(message);
        Discard(mime);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public PreparedEmail Prepare(EmailMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _composer.Get().Prepare(message);
    }

    /// <inheritdoc />
    public Task SendAsync(PreparedEmail email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        cancellationToken.ThrowIfCancellationRequested();
        using var mime = email.ToMimeMessage();
        Discard(mime);
        return Task.CompletedTask;
    }

    private void Discard(MimeMessage mime)
    {
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var recipients = RecipientMask.Mask(mime.GetRecipients(onlyUnique: true).Select(m => m.Address).ToList());
            LogDiscarded(mime.MessageId ?? string.Empty, recipients);
        }
    }

    [LoggerMessage(EventId = 20, EventName = "EmailDiscarded", Level = LogLevel.Information,
        Message = "Discarded email {MessageId} to {Recipients}: the active email client is NO_EMAIL_CLIENT")]
    private partial void LogDiscarded(string messageId, string recipients);

    [LoggerMessage(EventId = 7, EventName = "EmailOptionsRefused", Level = LogLevel.Error,
        Message = "The changed email configuration is invalid and was not applied; the previous one stays in use")]
    private partial void LogOptionsRefused(Exception exception);
}
