using System.Net.Security;
using Hyperswitch.Email.Diagnostics;
using Hyperswitch.Email.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;

namespace Hyperswitch.Email.Smtp;

/// <summary>
/// Sends email through an SMTP server with MailKit. Each send opens a fresh connection (connect, STARTTLS,
/// optional AUTH, send, QUIT), so that a configuration change applies to the next send without a restart.
/// </summary>
/// <remarks>
/// Register it with <c>services.AddSmtpEmail(configuration)</c> (or <c>services.AddEmail(configuration).AddSmtp()</c>)
/// and inject <see cref="IEmailClient"/>. It is both the SMTP provider (<see cref="IEmailTransport"/>, named <c>SMTP</c>:
/// one attempt, with the failover server) and an <see cref="IEmailClient"/> that composes with <see cref="IEmailComposer"/>
/// and sends through the <see cref="EmailSendPipeline"/> around that provider, with <c>Email:Smtp:Retry</c> as its
/// resilience strategy.
/// The instance is thread-safe: concurrent sends use separate connections.
/// </remarks>
public sealed partial class SmtpServer : IEmailClient, IEmailTransport, IResilientEmailTransport, IAsyncDisposable, IDisposable
{
    private readonly LastValidOptions<SmtpOptions> _options;
    private readonly IEmailComposer _composer;
    private readonly EmailSendPipeline _pipeline;
    private readonly ILogger _logger;
    private readonly ISmtpAccessTokenSource? _accessTokens;
    private readonly RemoteCertificateValidationCallback? _certificateValidation;
    private volatile SmtpSettings? _settings;
    private volatile bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="SmtpServer"/> class.</summary>
    /// <param name="options">The SMTP options (<c>Email:Smtp</c>), read at every send so that a change applies to the next one.</param>
    /// <param name="composer">The composer that builds, validates and signs each message.</param>
    /// <param name="pipeline">The send pipeline (hooks, logs, metrics, traces) every send runs through.</param>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    /// <param name="accessTokens">The OAuth2 token source, needed when <c>Email:Smtp:Authentication</c> is <c>OAuth2</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/>, <paramref name="composer"/> or <paramref name="pipeline"/> is <see langword="null"/>.</exception>
    public SmtpServer(
        IOptionsMonitor<SmtpOptions> options,
        IEmailComposer composer,
        EmailSendPipeline pipeline,
        ILogger<SmtpServer>? logger = null,
        ISmtpAccessTokenSource? accessTokens = null)
        : this(options, composer, pipeline, logger, accessTokens, certificateValidation: null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SmtpServer"/> class, with the application's certificate validation, if any.</summary>
    internal SmtpServer(
        IOptionsMonitor<SmtpOptions> options,
        IEmailComposer composer,
        EmailSendPipeline pipeline,
        ILogger<SmtpServer>? logger,
        ISmtpAccessTokenSource? accessTokens,
        RemoteCertificateValidationCallback? certificateValidation)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(composer);
        ArgumentNullException.ThrowIfNull(pipeline);
        _composer = composer;
        _pipeline = pipeline;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _options = new LastValidOptions<SmtpOptions>(options, LogOptionsRefused);
        _accessTokens = accessTokens;
        _certificateValidation = certificateValidation;
    }

    /// <summary>Gets the provider's name, <c>SMTP</c>.</summary>
    public string Name => SmtpFailure.ProviderName;

    /// <inheritdoc />
    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return EmailComposition.ComposeAndSendAsync(_composer, _pipeline, this, message, cancellationToken);
    }

    /// <summary>Sends a prepared message through the <see cref="EmailSendPipeline"/>: hooks, telemetry and <c>Email:Smtp:Retry</c> included.</summary>
    /// <param name="email">The prepared message.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the server has accepted the message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="email"/> is <see langword="null"/>.</exception>
    /// <exception cref="EmailSendException">The server could not be reached or did not accept the message, or a send hook refused it.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public Task SendAsync(PreparedEmail email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _pipeline.SendAsync(email, this, cancellationToken);
    }

    ResiliencePipeline IResilientEmailTransport.Resilience => CurrentSettings().Retry;

    async Task IEmailTransport.SendAsync(PreparedEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var settings = CurrentSettings();
        var recipients = _logger.IsEnabled(LogLevel.Debug) ? RecipientMask.Mask(email.Recipients) : string.Empty;
        LogSending(recipients, settings.Primary.Host, settings.Primary.Port, settings.Primary.Connection);

        EmailTelemetry.Server(settings.Primary.Host, settings.Primary.Port);
        using var lease = email.LendMimeMessage();
        await AttemptAsync(lease.Message, settings, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the pooled connections, if pooling is on. Sends in flight finish; their connections are then closed.</summary>
    /// <returns>A task that completes when the idle connections are closed.</returns>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (Interlocked.Exchange(ref _settings, null) is { Pool: { } pool })
        {
            await pool.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes the pooled connections, if pooling is on, without waiting for the server's reply to QUIT.</summary>
    public void Dispose()
    {
        _disposed = true;
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

        var created = SmtpSettings.Create(options, OnRetryAsync, LogQuitFailed, _accessTokens, _certificateValidation);
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
}
