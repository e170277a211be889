using System.Diagnostics;
using System.Diagnostics.Metrics;
using Hyperswitch.Email.Diagnostics;
using Hyperswitch.Email.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Hyperswitch.Email.Smtp;

/// <summary>
/// Sends email through an SMTP server with MailKit. Each send opens a fresh connection (connect, STARTTLS,
/// optional AUTH, send, QUIT), so that a configuration change applies to the next send without a restart.
/// </summary>
/// <remarks>
/// Register it with <c>services.AddSmtpEmail(configuration)</c> and inject <see cref="IEmailClient"/>.
/// The instance is thread-safe: concurrent sends use separate connections.
/// </remarks>
public sealed partial class SmtpServer : IEmailClient, IAsyncDisposable, IDisposable
{
    private readonly LastValidOptions<EmailOptions> _options;
    private readonly ILogger _logger;
    private readonly ISmtpAccessTokenSource? _accessTokens;
    private readonly EmailTelemetry _telemetry;
    private const string ClientName = "smtp";
    private volatile SmtpSettings? _settings;
    private volatile bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="SmtpServer"/> class.</summary>
    /// <param name="options">The options, read at every send so that a change applies to the next one.</param>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    /// <param name="accessTokens">The OAuth2 token source, needed when <c>Email:Smtp:Authentication</c> is <c>OAuth2</c>.</param>
    /// <param name="meterFactory">Creates the <c>Hyperswitch.Email</c> meter, or <see langword="null"/> for a meter of its own.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public SmtpServer(IOptionsMonitor<EmailOptions> options, ILogger<SmtpServer>? logger = null, ISmtpAccessTokenSource? accessTokens = null, IMeterFactory? meterFactory = null)
    {
        _telemetry = new EmailTelemetry(meterFactory);
        ArgumentNullException.ThrowIfNull(options);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _options = new LastValidOptions<EmailOptions>(options, LogOptionsRefused);
        _accessTokens = accessTokens;
    }

    /// <inheritdoc />
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();

        var settings = CurrentSettings();
        using var mime = settings.Composer.Compose(message);
        await SendAsync(mime, settings, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public PreparedEmail Prepare(EmailMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return CurrentSettings().Composer.Prepare(message);
    }

    /// <inheritdoc />
    public async Task SendAsync(PreparedEmail email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();

        using var mime = email.ToMimeMessage();
        await SendAsync(mime, CurrentSettings(), cancellationToken).ConfigureAwait(false);
    }

    private async Task SendAsync(MimeMessage mime, SmtpSettings settings, CancellationToken cancellationToken)
    {
        var recipients = _logger.IsEnabled(LogLevel.Information) ? MaskedRecipients(mime) : string.Empty;
        var started = Stopwatch.GetTimestamp();
        LogSending(recipients, settings.Primary.Host, settings.Primary.Port, settings.Primary.Connection);
        using var activity = EmailTelemetry.StartSend(ClientName, settings.Primary.Host, settings.Primary.Port);

        // Counted only when someone listens: the per-send path does no work for an absent tracer.
        activity?.SetTag("hyperswitch.email.recipients", mime.GetRecipients(onlyUnique: true).Count);
        try
        {
            await DeliverAsync(mime, settings, cancellationToken).ConfigureAwait(false);
        }
        catch (EmailSendException exception)
        {
            var failedAfter = Stopwatch.GetElapsedTime(started);
            _telemetry.Failed(ClientName, exception, failedAfter, activity);
            LogSendFailed(exception, recipients, failedAfter.TotalMilliseconds, exception.Failure, StatusForLog(exception.SmtpStatusCode), exception.IsTransient);
            throw;
        }

        var sentAfter = Stopwatch.GetElapsedTime(started);
        _telemetry.Sent(ClientName, sentAfter);
        LogSent(mime.MessageId ?? string.Empty, recipients, sentAfter.TotalMilliseconds);
    }

    /// <summary>Closes the pooled connections, if pooling is on. Sends in flight finish; their connections are then closed.</summary>
    /// <returns>A task that completes when the idle connections are closed.</returns>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _telemetry.Dispose();
        if (Interlocked.Exchange(ref _settings, null) is { Pool: { } pool })
        {
            await pool.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes the pooled connections, if pooling is on, without waiting for the server's reply to QUIT.</summary>
    public void Dispose()
    {
        _disposed = true;
        _telemetry.Dispose();
        Interlocked.Exchange(ref _settings, null)?.Pool?.Retire();
    }

    /// <summary>Returns the settings for the current options, rebuilt only when the options instance changed.</summary>
    private SmtpSettings CurrentSettings()
    {
        var options = _options.Current;
        var current = _settings;
        if (current is not null && ReferenceEquals(current.Options, options))
        {
            return current;
        }

        var created = SmtpSettings.Create(options, OnRetryAsync, LogQuitFailed, _accessTokens);
        if (Interlocked.CompareExchange(ref _settings, created, current) == current)
        {
            // The options changed: the old pool's idle connections go now, its busy ones when they come back.
            current?.Pool?.Retire();
            return created;
        }

        // Another send switched first: use its settings.
        created.Pool?.Retire();
        return _settings ?? created;
    }

    private ValueTask OnRetryAsync(Polly.Retry.OnRetryArguments<object> retry)
    {
        if (retry.Outcome.Exception is EmailSendException failure)
        {
            LogRetrying(failure, retry.AttemptNumber + 1, retry.RetryDelay.TotalMilliseconds, failure.Failure, StatusForLog(failure.SmtpStatusCode));
        }

        return ValueTask.CompletedTask;
    }

    private static string MaskedRecipients(MimeMessage message) =>
        RecipientMask.Mask(message.GetRecipients(onlyUnique: true).Select(mailbox => mailbox.Address).ToList());
}
