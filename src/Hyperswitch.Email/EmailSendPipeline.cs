using System.Diagnostics;
using System.Diagnostics.Metrics;
using Hyperswitch.Email.Diagnostics;
using Hyperswitch.Email.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using System.Threading.RateLimiting;
using Polly;

namespace Hyperswitch.Email;

/// <summary>
/// The one pipeline every send runs through, whatever the provider: the send hooks (<see cref="IEmailSendHook"/>), the
/// logs, the metrics and the trace (<c>Hyperswitch.Email</c>), and the provider's resilience strategies
/// (<c>Email:Smtp:Retry</c> for SMTP), around <see cref="IEmailTransport.SendAsync"/>.
/// </summary>
/// <remarks>
/// Registered as a singleton by <c>services.AddEmail(configuration)</c> and <c>services.AddSmtpEmail(configuration)</c>.
/// Every <see cref="IEmailClient"/> the library registers sends through it, and so does <see cref="PreparedEmailSender"/>
/// (the outbox's path), so a hook registered once sees every send. A provider in another package gets all of it by
/// implementing <see cref="IEmailTransport"/> and registering it with <c>EmailBuilder.AddProvider</c>. Thread-safe.
/// </remarks>
public sealed partial class EmailSendPipeline : IDisposable
{
    private readonly IEmailSendHook[] _hooks;
    private readonly Action<MimeKit.MimeMessage>? _resign;
    private readonly ILogger _logger;
    private readonly EmailTelemetry _telemetry;
    private readonly SendRate? _rate;
    private readonly EmailRateLimiter? _direct;
    private readonly EmailRateLimiter? _queued;

    internal EmailSendPipeline(IEnumerable<IEmailSendHook> hooks, ILogger<EmailSendPipeline>? logger, IMeterFactory? meterFactory, EmailRedirect? redirect = null, Action<MimeKit.MimeMessage>? resign = null, SendRate? rate = null)
    {
        _rate = rate;
        if (rate is not null)
        {
            _direct = new EmailRateLimiter(rate, queue: false);
            _queued = new EmailRateLimiter(rate, queue: true);
        }

        // The staging redirect runs after the application's hooks: none of them can add a recipient after it.
        _hooks = redirect is null ? hooks.ToArray() : [.. hooks, redirect];
        _resign = resign;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _telemetry = new EmailTelemetry(meterFactory);
    }

    /// <summary>Sends <paramref name="email"/> through <paramref name="transport"/>, with the hooks, logs, metrics and trace around it.</summary>
    /// <param name="email">The message to send.</param>
    /// <param name="transport">The provider.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the provider has accepted the message.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="EmailSendException">The provider did not accept the message, or a hook refused it.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    /// <remarks>
    /// With <c>Email:RateLimit</c> set, or after a throttling reply, each transmission waits for its turn up to
    /// <c>Email:RateLimit:MaxWait</c>, and fails with <see cref="EmailSendFailure.RateLimited"/> when its turn would
    /// come later; nothing is sent then.
    /// </remarks>
    public Task SendAsync(PreparedEmail email, IEmailTransport transport, CancellationToken cancellationToken = default) =>
        SendAsync(email, transport, queued: false, cancellationToken);

    /// <summary>Disposes the meter, when it is not the meter factory's, and the rate limit's timer.</summary>
    public void Dispose()
    {
        _rate?.Dispose();
        _telemetry.Dispose();
    }

    /// <summary>Sends, waiting for a turn of the rate limit up to its bound (a direct send) or as long as it takes (<paramref name="queued"/>: a queue paces itself).</summary>
    internal Task SendAsync(PreparedEmail email, IEmailTransport transport, bool queued, CancellationToken cancellationToken) =>
        SendAsync(email, transport, (transport as IResilientEmailTransport)?.Resilience ?? ResiliencePipeline.Empty, queued ? _queued : _direct, cancellationToken);

    /// <summary>Sends with the provider's resilience strategies around each attempt (the hooks run once), each attempt taking a turn of <paramref name="limiter"/>.</summary>
    internal async Task SendAsync(PreparedEmail email, IEmailTransport transport, ResiliencePipeline resilience, EmailRateLimiter? limiter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(transport);
        cancellationToken.ThrowIfCancellationRequested();

        var provider = transport.Name;
        var context = new EmailSendContext(email, provider, _resign);
        var started = Stopwatch.GetTimestamp();
        using var activity = EmailTelemetry.StartSend(provider);

        // Counted only when someone listens: the per-send path does no work for an absent tracer.
        activity?.SetTag("hyperswitch.email.recipients", email.Recipients.Count);
        try
        {
            foreach (var hook in _hooks)
            {
                await hook.OnSendingAsync(context, cancellationToken).ConfigureAwait(false);
            }

            // What the hooks left is what the provider sends, and what the logs name.
            context.Seal();
            email = context.Email;
            if (ReferenceEquals(resilience, ResiliencePipeline.Empty))
            {
                // No strategies (the default): no pipeline context or wrapper per send.
                await TransmitAsync(email, transport, limiter, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await resilience.ExecuteAsync(
                    static (state, token) => new ValueTask(state.pipeline.TransmitAsync(state.email, state.transport, state.limiter, token)),
                    (pipeline: this, transport, email, limiter),
                    cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            context.Seal();
            context.Elapsed = Stopwatch.GetElapsedTime(started);
            if (exception is EmailSendException failure)
            {
                if (failure.Failure == EmailSendFailure.Throttled)
                {
                    SlowDown(failure, provider);
                }

                var failedAfter = context.Elapsed;
                var recipients = Recipients(context.Email);
                _telemetry.Failed(provider, failure, failedAfter, activity);
                LogSendFailed(failure, recipients, provider, failedAfter.TotalMilliseconds, failure.Failure, StatusForLog(failure.SmtpStatusCode), failure.IsTransient);
            }

            foreach (var hook in _hooks)
            {
                try
                {
                    await hook.OnFailedAsync(context, exception, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception hookFailure) when (hookFailure is not OperationCanceledException)
                {
                    // The send's own failure is what the caller must see, not the hook's.
                    LogHookFailed(hookFailure, hook.GetType().Name, nameof(IEmailSendHook.OnFailedAsync), email.MessageId);
                }
            }

            throw;
        }

        var sentAfter = Stopwatch.GetElapsedTime(started);
        context.Elapsed = sentAfter;
        _telemetry.Sent(provider, sentAfter);
        var sentTo = Recipients(email);
        LogSent(email.MessageId, sentTo, provider, sentAfter.TotalMilliseconds);
        foreach (var hook in _hooks)
        {
            try
            {
                await hook.OnSentAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception hookFailure)
            {
                // The provider accepted the message: a hook's failure (or cancellation) after that must not reach the
                // caller as a failed send, which a caller that retries would send a second time.
                LogHookFailed(hookFailure, hook.GetType().Name, nameof(IEmailSendHook.OnSentAsync), email.MessageId);
            }
        }
    }

    /// <summary>One transmission: its turn of the rate limit first, then the provider; a throttling reply slows every later send down.</summary>
    private Task TransmitAsync(PreparedEmail email, IEmailTransport transport, EmailRateLimiter? limiter, CancellationToken cancellationToken) =>
        // No limit and no throttling so far (the default): no permit to take, no state machine; a throttling reply is
        // seen where the send fails, below.
        limiter is null || _rate!.IsUnlimited
            ? transport.SendAsync(email, cancellationToken)
            : TransmitWithTurnAsync(email, transport, limiter, cancellationToken);

    private async Task TransmitWithTurnAsync(PreparedEmail email, IEmailTransport transport, EmailRateLimiter limiter, CancellationToken cancellationToken)
    {
        using (var lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false))
        {
            if (!lease.IsAcquired)
            {
                lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
                throw new EmailSendException(
                    EmailSendFailure.RateLimited,
                    isTransient: true,
                    $"The sending rate ({Describe(_rate!.Current)}) has no turn for this email within Email:RateLimit:MaxWait ({_rate.Limit.MaxWait.TotalSeconds:0.###} s): the next is in {retryAfter.TotalSeconds:0.###} s. Nothing was sent.")
                {
                    Provider = transport.Name,
                };
            }
        }

        try
        {
            await transport.SendAsync(email, cancellationToken).ConfigureAwait(false);
        }
        catch (EmailSendException failure) when (failure.Failure == EmailSendFailure.Throttled)
        {
            // Each attempt's reply, so that a retry already goes at the lower rate.
            SlowDown(failure, transport.Name);
            throw;
        }
    }

    /// <summary>Halves the rate after a throttling reply, once per episode (see <see cref="SendRate.Throttled"/>), with a Warning and a metric.</summary>
    private void SlowDown(EmailSendException failure, string provider)
    {
        if (_rate?.Throttled() is { } slower)
        {
            _telemetry.SlowedDown(provider);
            LogSlowedDown(failure, provider, slower, SendRate.RecoveryPerSecond * 100);
        }
    }

    private static string Describe(double? rate) => rate is { } perSecond ? $"{perSecond:0.###} emails/s" : "no limit";

    [LoggerMessage(EventId = 9, EventName = "EmailSendingSlowedDown", Level = LogLevel.Warning,
        Message = "{Provider} is throttling: sending slowed down to {Rate:0.###} emails/s for every send of this client, recovering by {RecoveryPercent:0}% of the limit per second")]
    private partial void LogSlowedDown(Exception exception, string provider, double rate, double recoveryPercent);

    private string Recipients(PreparedEmail email) =>
        _logger.IsEnabled(LogLevel.Information) ? RecipientMask.Mask(email.Recipients) : string.Empty;

    /// <summary>The status code for a log message: the code, or <c>none</c> when the server gave none (a lost connection, a timeout).</summary>
    [LoggerMessage(EventId = 8, EventName = "EmailSendHookFailed", Level = LogLevel.Warning,
        Message = "The send hook {Hook} failed in {Callback} for email {MessageId}; the send's own outcome stands")]
    private partial void LogHookFailed(Exception exception, string hook, string callback, string messageId);

    private static string StatusForLog(int? smtpStatusCode) =>
        smtpStatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";

    [LoggerMessage(EventId = 2, EventName = "EmailSent", Level = LogLevel.Information,
        Message = "Sent email {MessageId} to {Recipients} through {Provider} in {ElapsedMilliseconds:0} ms")]
    private partial void LogSent(string messageId, string recipients, string provider, double elapsedMilliseconds);

    [LoggerMessage(EventId = 3, EventName = "EmailSendFailed", Level = LogLevel.Warning,
        Message = "Sending email to {Recipients} through {Provider} failed after {ElapsedMilliseconds:0} ms: {Failure}, SMTP status {SmtpStatusCode}, transient {IsTransient}")]
    private partial void LogSendFailed(Exception exception, string recipients, string provider, double elapsedMilliseconds, EmailSendFailure failure, string smtpStatusCode, bool isTransient);
}
