using Hyperswitch.Email.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.EntityFrameworkCore.Internal;

/// <summary>
/// Delivers the outbox of <typeparamref name="TContext"/>: claims due emails in batches under a lease, sends them with
/// bounded concurrency through the registered <see cref="IEmailClient"/>, and records each outcome under the claim.
/// </summary>
/// <remarks>
/// Outcomes: accepted → <see cref="EmailOutboxStatus.Sent"/>; transient failure → pending again after an exponential
/// backoff with jitter, until <see cref="EmailOutboxOptions.MaxAttempts"/>; refused or invalid →
/// <see cref="EmailOutboxStatus.Failed"/>, never retried; connection lost after the final dot → see
/// <see cref="EmailOutboxOptions.ResendWhenDeliveryUncertain"/>. On stop no new batch is claimed, claimed emails not yet
/// started are released, and sends in flight finish until the host's shutdown timeout, after which they are aborted and
/// released. An instance that dies leaves claims that expire after <see cref="EmailOutboxOptions.LeaseDuration"/>.
/// </remarks>
internal sealed partial class EmailOutboxDispatcher<TContext> : BackgroundService
    where TContext : DbContext
{
    private static readonly TimeSpan DatabaseWriteTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReleaseAfterAbortTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FirstRecheck = TimeSpan.FromMilliseconds(50);
    private const int MaxErrorLength = 2000;
    private readonly IServiceScopeFactory _scopes;
    private readonly IEmailClient _client;
    private readonly LastValidOptions<EmailOutboxOptions> _options;
    private readonly OutboxSignal _signal;
    private readonly OutboxTelemetry _telemetry;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abortSends = new();
    private readonly CancellationToken _abort;
    private DateTime _nextPurge = DateTime.MinValue;
    private DateTime _nextStatistics = DateTime.MinValue;

    public EmailOutboxDispatcher(
        IServiceScopeFactory scopes,
        IEmailClient client,
        IOptionsMonitor<EmailOutboxOptions> options,
        OutboxSignal signal,
        OutboxTelemetry telemetry,
        ILogger<EmailOutboxDispatcher<TContext>>? logger = null,
        TimeProvider? clock = null)
    {
        _scopes = scopes;
        _client = client;
        _options = new LastValidOptions<EmailOutboxOptions>(options, LogOptionsRefused);
        _abort = _abortSends.Token;
        _signal = signal;
        _telemetry = telemetry;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _clock = clock ?? TimeProvider.System;
        Instance = _options.Current.InstanceName
            ?? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
    }

    /// <summary>Gets the name this instance claims under.</summary>
    public string Instance { get; }

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    /// <summary>Fails the host's start when the context's model has no outbox, rather than logging the same error at every poll.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        using (var scope = _scopes.CreateScope())
        {
            OutboxStore.EnsureInModel(scope.ServiceProvider.GetRequiredService<TContext>());
        }

        return base.StartAsync(cancellationToken);
    }

    /// <summary>Stops claiming; sends in flight finish until <paramref name="cancellationToken"/> fires, then they are aborted and their claims released.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The registration lives until the loop has ended: when the host's shutdown timeout fires, the sends still in
        // flight are aborted, and the loop then releases their claims.
        using var abort = cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _abortSends);
        try
        {
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout.
        }

        if (ExecuteTask is not { IsCompleted: false } running)
        {
            return;
        }

        try
        {
            await running.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Sends were aborted: give the loop a bounded moment to release their claims.
            await Task.WhenAny(running, Task.Delay(ReleaseAfterAbortTimeout, CancellationToken.None)).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Current.DispatcherEnabled)
        {
            LogDisabled();
            return;
        }

        await Task.Yield();
        LogStarted(Instance);
        TimeSpan? recheck = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            // An invalid edit of reloaded options is refused (logged once) and the last valid options stay in use.
            var options = _options.Current;
            try
            {
                await HousekeepAsync(options, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // Purging and counting are not delivery: their failure must not stop the claim below.
                LogHousekeepingFailed(exception);
            }

            List<EmailOutboxMessage> batch;
            try
            {
                batch = await ClaimAsync(options, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // The database is unreachable or refused the query: nothing was claimed; try again after the poll interval.
                LogDatabaseFailed(exception);
                batch = [];
            }

            if (batch.Count == 0)
            {
                try
                {
                    // A wake-up comes when a context saves, which can be before its transaction commits: when that claim
                    // found nothing, look again soon (50 ms, doubling) rather than only at the next poll.
                    var woken = await _signal.WaitAsync(recheck ?? options.PollInterval, stoppingToken).ConfigureAwait(false);
                    recheck = woken ? FirstRecheck : recheck is { } last && last * 2 < options.PollInterval ? last * 2 : null;
                }
                catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
                {
                    break;
                }

                continue;
            }

            recheck = null;

            LogClaimed(batch.Count, Instance);
            await Parallel.ForEachAsync(
                batch,
                new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency },
                (email, _) => new ValueTask(DeliverAsync(email, options, stoppingToken))).ConfigureAwait(false);
        }

        LogStopped(Instance);
    }

    private Task<List<EmailOutboxMessage>> ClaimAsync(EmailOutboxOptions options, CancellationToken cancellationToken) =>
        _scopes.RunAsync<TContext, List<EmailOutboxMessage>>(
            context => OutboxStore.ClaimAsync(context, Instance, options.BatchSize, Now, options.LeaseDuration, cancellationToken));

    /// <summary>Sends one claimed email and records the outcome; never throws.</summary>
    private async Task DeliverAsync(EmailOutboxMessage email, EmailOutboxOptions options, CancellationToken stoppingToken)
    {
        // Not started when stopping, or when the claim is about to expire (another instance may take it over mid-send).
        var claimLeft = (email.ClaimedUntil ?? DateTime.MinValue) - Now;
        if (stoppingToken.IsCancellationRequested || claimLeft <= options.LeaseDuration / 4)
        {
            await RecordAsync(email, static _ => { }).ConfigureAwait(false);
            return;
        }

        // A send never outlives its claim: it is aborted a little before the lease ends, so that no other instance can
        // take the email over while this one is still sending it.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_abort);
        deadline.CancelAfter(claimLeft - (options.LeaseDuration / 8));
        try
        {
            var prepared = PreparedEmail.Load(email.Content);
            await _client.SendAsync(prepared, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // Aborted at the host's shutdown timeout: released, not counted as an attempt. If the abort came after the
            // final dot, the next attempt resends with the same Message-ID.
            LogAborted(email.MessageId);
            await RecordAsync(email, static _ => { }).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException exception) when (deadline.IsCancellationRequested)
        {
            // Too slow for its claim: an attempt that failed transiently (with the same caveat after the final dot).
            var timedOut = new TimeoutException($"The send did not finish within the claim ({options.LeaseDuration}); it was aborted before the lease ended.", exception);
            await RecordFailureAsync(email, timedOut, smtpStatusCode: null, retry: true, uncertain: false, options).ConfigureAwait(false);
            return;
        }
        catch (EmailSendException failure) when (failure.MayHaveBeenDelivered)
        {
            await RecordFailureAsync(email, failure, failure.SmtpStatusCode, retry: options.ResendWhenDeliveryUncertain, uncertain: true, options).ConfigureAwait(false);
            return;
        }
        catch (EmailSendException failure)
        {
            // A refused login or a TLS failure is about the configuration, not this email: retried with backoff like a
            // transient failure, so that fixing the configuration delivers the queue instead of failing all of it.
            var retry = failure.IsTransient || failure.Failure is EmailSendFailure.Authentication or EmailSendFailure.Tls;
            await RecordFailureAsync(email, failure, failure.SmtpStatusCode, retry, uncertain: false, options).ConfigureAwait(false);
            return;
        }
        catch (EmailException invalid)
        {
            // The stored bytes are not a message this client can send: retrying cannot help.
            await RecordFailureAsync(email, invalid, smtpStatusCode: null, retry: false, uncertain: false, options).ConfigureAwait(false);
            return;
        }
        catch (Exception unexpected)
        {
            LogUnexpected(unexpected, email.MessageId);
            await RecordFailureAsync(email, unexpected, smtpStatusCode: null, retry: true, uncertain: false, options).ConfigureAwait(false);
            return;
        }

        var sentAt = Now;
        if (await RecordAsync(email, e =>
            {
                e.Status = EmailOutboxStatus.Sent;
                e.Attempts++;
                e.CompletedAt = sentAt;
            }).ConfigureAwait(false))
        {
            _telemetry.Sent();
            LogSent(email.MessageId, email.Attempts);
        }
    }

    private async Task RecordFailureAsync(EmailOutboxMessage email, Exception failure, int? smtpStatusCode, bool retry, bool uncertain, EmailOutboxOptions options)
    {
        var now = Now;
        var attempts = email.Attempts + 1;
        var error = Describe(failure, uncertain);
        if (retry && attempts < options.MaxAttempts)
        {
            var delay = Backoff(attempts, options);
            if (await RecordAsync(email, e =>
                {
                    e.Attempts = attempts;
                    e.NextAttemptAt = now + delay;
                    e.LastError = error;
                    e.LastSmtpStatusCode = smtpStatusCode;
                    e.DeliveryUncertain |= uncertain;
                }).ConfigureAwait(false))
            {
                _telemetry.Retried(uncertain);
                LogRetryScheduled(email.MessageId, attempts, delay.TotalSeconds, smtpStatusCode, uncertain);
            }

            return;
        }

        var final = Truncate(retry ? $"Gave up after {attempts} attempts. {error}" : error);
        if (await RecordAsync(email, e =>
            {
                e.Status = EmailOutboxStatus.Failed;
                e.Attempts = attempts;
                e.CompletedAt = now;
                e.LastError = final;
                e.LastSmtpStatusCode = smtpStatusCode;
                e.DeliveryUncertain |= uncertain;
            }).ConfigureAwait(false))
        {
            _telemetry.Failed();
            LogFailed(email.MessageId, attempts, smtpStatusCode, uncertain);
        }
    }

    /// <summary>Records an outcome under this instance's claim (and ends the claim); <see langword="false"/> when the claim was lost or the database failed.</summary>
    private async Task<bool> RecordAsync(EmailOutboxMessage email, Action<EmailOutboxMessage> change)
    {
        try
        {
            using var timeout = new CancellationTokenSource(DatabaseWriteTimeout);
            if (await _scopes.RunAsync<TContext, bool>(context => OutboxStore.CompleteClaimAsync(context, email, change, timeout.Token)).ConfigureAwait(false))
            {
                return true;
            }

            _telemetry.ClaimLost();
            LogClaimLost(email.MessageId, Instance);
            return false;
        }
        catch (Exception exception)
        {
            // The claim stays until it expires; then the email is attempted again (with the same Message-ID).
            LogRecordFailed(exception, email.MessageId);
            return false;
        }
    }

    private async Task HousekeepAsync(EmailOutboxOptions options, CancellationToken cancellationToken)
    {
        var now = Now;
        if (now < _nextStatistics && now < _nextPurge)
        {
            return;
        }

        await _scopes.RunAsync<TContext, bool>(async context =>
        {
            if (now >= _nextPurge)
            {
                _nextPurge = now + options.PurgeInterval;
                var purged = await OutboxStore.PurgeAsync(context, EmailOutboxStatus.Sent, now - options.SentRetention, cancellationToken).ConfigureAwait(false);
                if (options.FailedRetention is { } failedRetention)
                {
                    purged += await OutboxStore.PurgeAsync(context, EmailOutboxStatus.Failed, now - failedRetention, cancellationToken).ConfigureAwait(false);
                }

                if (purged > 0)
                {
                    LogPurged(purged);
                }
            }

            if (now >= _nextStatistics)
            {
                _nextStatistics = now + (options.PollInterval > TimeSpan.FromSeconds(1) ? options.PollInterval : TimeSpan.FromSeconds(1));
                _telemetry.Observed(await OutboxStore.ReadStatisticsAsync(context, now, cancellationToken).ConfigureAwait(false));
            }

            return true;
        }).ConfigureAwait(false);
    }

    /// <summary>Exponential backoff with "equal jitter": half the delay fixed, half random, so instances do not retry in step.</summary>
    internal static TimeSpan Backoff(int attempts, EmailOutboxOptions options)
    {
        var exponential = options.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 30));
        var capped = Math.Min(exponential, options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (Random.Shared.NextDouble() * capped / 2));
    }

    private static string Describe(Exception failure, bool uncertain)
    {
        var text = failure switch
        {
            EmailSendException send => $"{send.Failure}: {send.Message}",
            _ => $"{failure.GetType().Name}: {failure.Message}",
        };
        if (uncertain)
        {
            text = "The connection was lost after the message was transmitted; the server may have accepted it. " + text;
        }

        return Truncate(text);
    }

    /// <summary>Fits <see cref="EmailOutboxMessage.LastError"/>'s column (2,000 characters): a longer value would fail the update and leave the claim to expire.</summary>
    private static string Truncate(string text) => text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];

    [LoggerMessage(EventId = 100, EventName = "EmailOutboxDispatcherStarted", Level = LogLevel.Information, Message = "Email outbox dispatcher {Instance} started")]
    private partial void LogStarted(string instance);

    [LoggerMessage(EventId = 101, EventName = "EmailOutboxDispatcherStopped", Level = LogLevel.Information, Message = "Email outbox dispatcher {Instance} stopped")]
    private partial void LogStopped(string instance);

    [LoggerMessage(EventId = 102, EventName = "EmailOutboxDispatcherDisabled", Level = LogLevel.Information, Message = "Email outbox dispatcher is disabled (EmailOutbox:DispatcherEnabled = false): this instance only enqueues")]
    private partial void LogDisabled();

    [LoggerMessage(EventId = 103, EventName = "EmailOutboxClaimed", Level = LogLevel.Debug, Message = "Claimed {Count} emails as {Instance}")]
    private partial void LogClaimed(int count, string instance);

    [LoggerMessage(EventId = 104, EventName = "EmailOutboxSent", Level = LogLevel.Information, Message = "Sent email {MessageId} from the outbox (attempt {Attempt})")]
    private partial void LogSent(string messageId, int attempt);

    [LoggerMessage(EventId = 105, EventName = "EmailOutboxRetryScheduled", Level = LogLevel.Warning,
        Message = "Email {MessageId} failed on attempt {Attempt} (SMTP {SmtpStatusCode}, delivery uncertain: {DeliveryUncertain}); next attempt in {DelaySeconds:0.#} s")]
    private partial void LogRetryScheduled(string messageId, int attempt, double delaySeconds, int? smtpStatusCode, bool deliveryUncertain);

    [LoggerMessage(EventId = 106, EventName = "EmailOutboxFailed", Level = LogLevel.Error,
        Message = "Email {MessageId} failed for good after {Attempts} attempts (SMTP {SmtpStatusCode}, delivery uncertain: {DeliveryUncertain}); it stays in the outbox as Failed")]
    private partial void LogFailed(string messageId, int attempts, int? smtpStatusCode, bool deliveryUncertain);

    [LoggerMessage(EventId = 107, EventName = "EmailOutboxClaimLost", Level = LogLevel.Warning,
        Message = "The claim of {Instance} on email {MessageId} had expired and another instance took it over; this outcome was not recorded")]
    private partial void LogClaimLost(string messageId, string instance);

    [LoggerMessage(EventId = 108, EventName = "EmailOutboxRecordFailed", Level = LogLevel.Error,
        Message = "Could not record the outcome of email {MessageId}; it will be attempted again when its claim expires")]
    private partial void LogRecordFailed(Exception exception, string messageId);

    [LoggerMessage(EventId = 109, EventName = "EmailOutboxDatabaseFailed", Level = LogLevel.Error, Message = "The email outbox could not be read; trying again after the poll interval")]
    private partial void LogDatabaseFailed(Exception exception);

    [LoggerMessage(EventId = 110, EventName = "EmailOutboxUnexpectedFailure", Level = LogLevel.Error, Message = "Sending email {MessageId} failed unexpectedly; it will be retried")]
    private partial void LogUnexpected(Exception exception, string messageId);

    [LoggerMessage(EventId = 111, EventName = "EmailOutboxSendAborted", Level = LogLevel.Warning, Message = "Sending email {MessageId} was aborted at shutdown; its claim was released")]
    private partial void LogAborted(string messageId);

    [LoggerMessage(EventId = 112, EventName = "EmailOutboxPurged", Level = LogLevel.Information, Message = "Deleted {Count} old emails from the outbox")]
    private partial void LogPurged(int count);

    [LoggerMessage(EventId = 113, EventName = "EmailOutboxOptionsRefused", Level = LogLevel.Error,
        Message = "The changed EmailOutbox configuration is invalid and was not applied; the previous one stays in use")]
    private partial void LogOptionsRefused(Exception exception);

    [LoggerMessage(EventId = 114, EventName = "EmailOutboxHousekeepingFailed", Level = LogLevel.Warning, Message = "Purging or counting the email outbox failed; delivery goes on")]
    private partial void LogHousekeepingFailed(Exception exception);
}
