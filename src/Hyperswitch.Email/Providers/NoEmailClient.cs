using Hyperswitch.Email.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hyperswitch.Email.Providers;

/// <summary>
/// Accepts and discards every message, logging that it did (recipients masked, never the body): Hyperswitch's
/// <c>NO_EMAIL_CLIENT</c>, for development. Messages are still built, so bad input fails as it would in production,
/// and they go through the <see cref="EmailSendPipeline"/>, so hooks, logs and metrics see them.
/// </summary>
public sealed partial class NoEmailClient : IEmailClient, IEmailTransport
{
    private readonly IEmailComposer _composer;
    private readonly EmailSendPipeline _pipeline;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="NoEmailClient"/> class.</summary>
    /// <param name="composer">The composer that builds, validates and signs each message.</param>
    /// <param name="pipeline">The send pipeline (hooks, logs, metrics, traces) every send runs through.</param>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="composer"/> or <paramref name="pipeline"/> is <see langword="null"/>.</exception>
    public NoEmailClient(IEmailComposer composer, EmailSendPipeline pipeline, ILogger<NoEmailClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(composer);
        ArgumentNullException.ThrowIfNull(pipeline);
        _pipeline = pipeline;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _composer = composer;
    }

    /// <summary>Gets the provider's name, <c>NO_EMAIL_CLIENT</c>.</summary>
    public string Name => ProviderName;

    /// <summary>The provider name, as <c>Email:ActiveEmailClient</c> spells it.</summary>
    internal const string ProviderName = EmailProviderNames.NoEmailClient;

    /// <inheritdoc />
    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default) =>
        EmailComposition.ComposeAndSendAsync(_composer, _pipeline, this, message, cancellationToken);

    /// <summary>The provider: logs the message and discards it.</summary>
    Task IEmailTransport.SendAsync(PreparedEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        cancellationToken.ThrowIfCancellationRequested();
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var recipients = RecipientMask.Mask(email.Recipients);
            LogDiscarded(email.MessageId, recipients);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 20, EventName = "EmailDiscarded", Level = LogLevel.Information,
        Message = "Discarded email {MessageId} to {Recipients}: the active email client is NO_EMAIL_CLIENT")]
    private partial void LogDiscarded(string messageId, string recipients);

}
