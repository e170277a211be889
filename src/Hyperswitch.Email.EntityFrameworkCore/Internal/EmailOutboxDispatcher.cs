using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.EntityFrameworkCore.Internal;

/// <summary>
/// Delivers the outbox of <typeparamref name="TContext"/>: claims due emails in batches under a lease, sends them with
/// bounded concurrency through <see cref="PreparedEmailSender"/> (the one send pipeline around the active provider), and records each outcome under the claim.
/// </summary>
/// <remarks>
/// Outcomes: accepted → <see cref="EmailOutboxStatus.Sent"/> (<see cref="EmailOutboxStatus.Discarded"/> when the client
/// is <c>NO_EMAIL_CLIENT</c>); transient failure → pending again after an exponential backoff with jitter, until
/// <see cref="EmailOutboxOptions.MaxAttempts"/>; refused or invalid → <see cref="EmailOutboxStatus.Failed"/>, never
/// retried; connection lost after the final dot → see <see cref="EmailOutboxOptions.ResendWhenDeliveryUncertain"/>.
/// Before an email is sent its attempt is counted and stamped in the database (one statement for the next
/// <c>MaxConcurrency</c> emails), so that an attempt that never gets an outcome is known to the next claim. An outcome
/// that cannot be written is retried with backoff until it is; meanwhile the batch starts no new send (the rest is
/// released) and its claim is renewed, as it is every quarter of the lease while the batch runs. On stop no new batch
/// is claimed, claimed emails not yet started are released, and sends in flight finish until the host's shutdown
/// timeout, after which they are aborted and released with their attempt marked as started. An instance that dies
/// leaves claims that expire after <see cref="EmailOutboxOptions.LeaseDuration"/>.
/// </remarks>
internal sealed partial class EmailOutboxDispatcher<TContext> : BackgroundService
    where TContext : DbContext
{
    private static readonly TimeSpan DatabaseWriteTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReleaseAfterAbortTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FirstRecheck = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan RecordRetryFirst = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RecordRetryCap = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan TakeOverGrace = TimeSpan.FromSeconds(10);
    private const int MaxErrorLength = 2000;
    private readonly IServiceScopeFactory _scopes;
    private readonly PreparedEmailSender _sender;
    private readonly LastValidOptions<EmailOutboxOptions> _options;
    private readonly OutboxSignal _signal;
    private readonly OutboxTelemetry _telemetry;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abortSends = new();
    private readonly CancellationToken _abort;
    private readonly bool _discards;
    private readonly OutboxRateBudget<TContext> _budget;
    private long _lastDatabaseFailureTicks;
    private DateTime _nextPurge = DateTime.MinValue;
    private DateTime _nextStatistics = DateTime.MinValue;

    public EmailOutboxDispatcher(
        IServiceScopeFactory scopes,
        PreparedEmailSender sender,
        IOptionsMonitor<EmailOutboxOptions> options,
        OutboxSignal signal,
        OutboxTelemetry telemetry,
        ILogger<EmailOutboxDispatcher<TContext>>? logger = null,
        TimeProvider? clock = null,
        IOptionsMonitor<EmailOptions>? emailOptions = null)
    {
        _scopes = scopes;
        _sender = sender;
        _discards = sender.Discards;
        _options = new LastValidOptions<EmailOutboxOptions>(options, LogOptionsRefused);
        _abort = _abortSends.Token;
        _signal = signal;
        _telemetry = telemetry;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _clock = clock ?? TimeProvider.System;
        _budget = new OutboxRateBudget<TContext>(
            scopes,
            new LastValidOptions<EmailOptions>(emailOptions ?? new FixedEmailOptions(), static _ => { }),
            _clock);
        Instance = _options.Current.InstanceName
            ?? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
    }

    /// <summary>Gets the name this instance claims under.</summary>
    public string Instance { get; }

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    /// <summary>Fails the host's start when the context's model has no outbox (or, with <c>Email:RateLimit</c> set, no rate-limit table), rather than logging the same error at every poll.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        using (var scope = _scopes.CreateScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<TContext>();
            OutboxStore.EnsureInModel(context);
            if (_budget.Limit is not null && _options.Current.DispatcherEnabled)
            {
                OutboxRateBudget<TContext>.EnsureInModel(context);
            }
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
        if (_discards)
        {
            LogDiscarding(Instance);
        }

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
                DatabaseFailed();
                LogHousekeepingFailed(exception);
            }

            ClaimedBatch? claimed;
            try
            {
                claimed = await ClaimAsync(options, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // The database is unreachable or refused the query: nothing was claimed; try again after the poll interval.
                DatabaseFailed();
                LogDatabaseFailed(exception);
                claimed = null;
            }

            if (claimed is null)
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

            using var batch = claimed;
            LogClaimed(batch.Emails.Count, Instance);
            using var renewal = new CancellationTokenSource();
            var renewing = RenewAsync(batch, options, renewal.Token);
            await Parallel.ForEachAsync(
                batch.Emails,
                // Under Email:RateLimit one email at a time: each dispatcher then has at most one send between its
                // turn and the server's reply, so a stall (a slow commit, a slow relay) cannot release several turns'
                // emails at once; the limit, not the concurrency, sets the pace.
                new ParallelOptions { MaxDegreeOfParallelism = _budget.Limit is null ? options.MaxConcurrency : 1 },
                (email, _) => new ValueTask(DeliverAsync(email, batch, options, stoppingToken))).ConfigureAwait(false);
            await renewal.CancelAsync().ConfigureAwait(false);
            await renewing.ConfigureAwait(false);
        }

        LogStopped(Instance);
    }

    /// <summary>
    /// Claims a batch. For a few seconds after the database failed, an email whose expired claim had an attempt started
    /// is left alone: the instance that holds it may be about to record its outcome, now that the database is back.
    /// </summary>
    private async Task<ClaimedBatch?> ClaimAsync(EmailOutboxOptions options, CancellationToken cancellationToken)
    {
        var now = Now;
        var takeOver = now - new DateTime(Volatile.Read(ref _lastDatabaseFailureTicks), DateTimeKind.Utc) > TakeOverGrace;
        ClaimedBatch? batch = null;
        IReadOnlyList<Guid> stamped = [];
        var emails = await _scopes.RunAsync<TContext, List<EmailOutboxMessage>>(
            context => OutboxStore.ClaimAsync(context, Instance, options.BatchSize, now, options.LeaseDuration, takeOver, claimed =>
            {
                batch?.Dispose();
                // Under a rate limit an attempt is stamped only once its turn came, one email at a time: a stamp written
                // ahead would say that an attempt started while the email still waits for its turn.
                var paced = _budget.Limit is not null;
                batch = new ClaimedBatch(claimed, options.ResendWhenDeliveryUncertain, options.MaxAttempts, paced ? 1 : options.MaxConcurrency, stampWithClaim: !paced);
                return stamped = batch.FirstToStamp();
            }, cancellationToken)).ConfigureAwait(false);
        if (emails.Count == 0 || batch is null)
        {
            batch?.Dispose();
            return null;
        }

        batch.Stamped(stamped, now);
        return batch;
    }

    /// <summary>Renews the batch's claim every quarter of the lease (every second while the database fails) until <paramref name="cancellationToken"/> fires; never throws.</summary>
    private async Task RenewAsync(ClaimedBatch batch, EmailOutboxOptions options, CancellationToken cancellationToken)
    {
        var period = options.LeaseDuration / 4;
        var wait = period;
        while (true)
        {
            try
            {
                await Task.Delay(wait, _clock, cancellationToken).ConfigureAwait(false);
                var until = Now + options.LeaseDuration;
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(DatabaseWriteTimeout);
                await _scopes.RunAsync<TContext, int>(context => OutboxStore.RenewClaimAsync(context, batch.Token, until, timeout.Token)).ConfigureAwait(false);
                batch.Renewed(until);
                wait = period;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                DatabaseFailed();
                LogRenewFailed(exception);
                wait = period < RecordRetryCap ? period : RecordRetryCap;
            }
        }
    }

    /// <summary>Sends one claimed email and records the outcome; never throws.</summary>
    private async Task DeliverAsync(EmailOutboxMessage email, ClaimedBatch batch, EmailOutboxOptions options, CancellationToken stoppingToken)
    {
        if (batch.IsOrphan(email, out var orphanAttempt, out var orphanStartedAt))
        {
            if (!await TakeOverOrphanAsync(email, batch, orphanAttempt, orphanStartedAt, options).ConfigureAwait(false))
            {
                return;
            }
        }

        // Under Email:RateLimit, the turn is taken (shared by every dispatcher of the database) before the attempt is
        // stamped: the dispatcher paces itself to the limit, and an email waiting for its turn has no attempt started.
        if (_budget.Limit is not null && !stoppingToken.IsCancellationRequested && !batch.Blocked && batch.IsToSend(email))
        {
            try
            {
                await _budget.WaitForTurnAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                await ReleaseAsync(email, batch).ConfigureAwait(false);
                return;
            }
            catch (Exception exception)
            {
                DatabaseFailed();
                batch.Block();
                LogRateLimitFailed(exception, email.MessageId);
                await ReleaseAsync(email, batch).ConfigureAwait(false);
                return;
            }
        }

        // Not started when stopping, when a write failed (outcomes cannot be recorded), or when the claim is about to
        // expire (another instance may take it over mid-send).
        var claimLeft = batch.ClaimedUntil - Now;
        if (stoppingToken.IsCancellationRequested || batch.Blocked || claimLeft <= options.LeaseDuration / 4)
        {
            await ReleaseAsync(email, batch).ConfigureAwait(false);
            return;
        }

        // The attempt is counted and stamped in the database before anything is sent: if this process dies mid-send,
        // the row says that an attempt started and got no outcome.
        try
        {
            using var timeout = new CancellationTokenSource(DatabaseWriteTimeout);
            var now = Now;
            if (!await batch.EnsureStampedAsync(email, (ids, at) => _scopes.RunAsync<TContext, int>(context => OutboxStore.StampAttemptsAsync(context, ids, batch.Token, at, timeout.Token)), now, timeout.Token).ConfigureAwait(false))
            {
                _telemetry.ClaimLost();
                LogClaimLost(email.MessageId, Instance);
                return;
            }
        }
        catch (Exception exception)
        {
            DatabaseFailed();
            batch.Block();
            LogStampFailed(exception, email.MessageId);
            await ReleaseAsync(email, batch).ConfigureAwait(false);
            return;
        }

        // A send never outlives its claim: it is aborted a little before the lease ends, so that no other instance can
        // take the email over while this one is still sending it.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_abort);
        deadline.CancelAfter(claimLeft - (options.LeaseDuration / 8));
        try
        {
            var prepared = PreparedEmail.Load(email.Content);
            await _sender.SendAsync(prepared, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // Aborted at the host's shutdown timeout, perhaps after the final dot: the claim is released and the attempt
            // stays marked as started with no outcome, for the next claim to handle as uncertain.
            LogAborted(email.MessageId);
            await RecordAsync(email, batch, static _ => { }).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException exception) when (deadline.IsCancellationRequested)
        {
            // Too slow for its claim, perhaps after the final dot: the server may have the message.
            var timedOut = new TimeoutException($"The send did not finish within the claim ({options.LeaseDuration}); it was aborted before the lease ended.", exception);
            await RecordFailureAsync(email, batch, timedOut, retry: options.ResendWhenDeliveryUncertain, uncertain: true, options).ConfigureAwait(false);
            return;
        }
        catch (EmailSendException failure) when (failure.MayHaveBeenDelivered)
        {
            await RecordFailureAsync(email, batch, failure, retry: options.ResendWhenDeliveryUncertain, uncertain: true, options).ConfigureAwait(false);
            return;
        }
        catch (EmailSendException failure)
        {
            // A refused login or a TLS failure is about the configuration, not this email: retried with backoff like a
            // transient failure, so that fixing the configuration delivers the queue instead of failing all of it.
            var retry = failure.IsTransient || failure.Failure is EmailSendFailure.Authentication or EmailSendFailure.Tls;
            if (failure.Failure == EmailSendFailure.Throttled)
            {
                await SlowDownAsync(failure).ConfigureAwait(false);
            }

            await RecordFailureAsync(email, batch, failure, retry, uncertain: false, options).ConfigureAwait(false);
            return;
        }
        catch (EmailException invalid)
        {
            // The stored bytes are not a message this client can send: retrying cannot help.
            await RecordFailureAsync(email, batch, invalid, retry: false, uncertain: false, options).ConfigureAwait(false);
            return;
        }
        catch (Exception unexpected)
        {
            LogUnexpected(unexpected, email.MessageId);
            await RecordFailureAsync(email, batch, unexpected, retry: true, uncertain: false, options).ConfigureAwait(false);
            return;
        }

        var completedAt = Now;
        var status = _discards ? EmailOutboxStatus.Discarded : EmailOutboxStatus.Sent;
        if (await RecordAsync(email, batch, e =>
            {
                e.Status = status;
                e.CompletedAt = completedAt;
                e.AttemptStartedAt = null;
            }).ConfigureAwait(false))
        {
            if (_discards)
            {
                _telemetry.Discarded();
                LogDiscarded(email.MessageId);
            }
            else
            {
                _telemetry.Sent();
                LogSent(email.MessageId, email.Attempts);
            }
        }
    }

    /// <summary>
    /// Handles an email whose last attempt started and got no outcome: marked uncertain and sent again (returns
    /// <see langword="true"/>), or, when it may not be resent or is out of attempts, recorded as failed.
    /// </summary>
    private async Task<bool> TakeOverOrphanAsync(EmailOutboxMessage email, ClaimedBatch batch, int attempt, DateTime startedAt, EmailOutboxOptions options)
    {
        var what = $"Attempt {attempt} started at {startedAt:O} and got no outcome (its dispatcher stopped or died mid-send); the server may have accepted it.";
        if (batch.IsToSend(email))
        {
            email.DeliveryUncertain = true;
            email.LastError = Truncate(what);
            LogOrphanResent(email.MessageId, attempt, startedAt);
            return true;
        }

        var final = Truncate(options.ResendWhenDeliveryUncertain
            ? $"Gave up after {attempt} attempts. {what}"
            : $"{what} Not sent again: EmailOutbox:ResendWhenDeliveryUncertain is false.");
        var now = Now;
        if (await RecordAsync(email, batch, e =>
            {
                e.Status = EmailOutboxStatus.Failed;
                e.CompletedAt = now;
                e.LastError = final;
                e.RecordError(null);
                e.DeliveryUncertain = true;
                e.AttemptStartedAt = null;
            }).ConfigureAwait(false))
        {
            _telemetry.Failed();
            LogOrphanFailed(email.MessageId, attempt, startedAt);
        }

        return false;
    }

    /// <summary>Releases an email this batch did not send: its claim ends, and an attempt stamped ahead is taken back.</summary>
    private Task<bool> ReleaseAsync(EmailOutboxMessage email, ClaimedBatch batch)
    {
        var stamped = batch.IsStamped(email);
        return RecordAsync(email, batch, e =>
        {
            if (stamped)
            {
                e.Attempts--;
                e.AttemptStartedAt = null;
            }
        });
    }

    private async Task RecordFailureAsync(EmailOutboxMessage email, ClaimedBatch batch, Exception failure, bool retry, bool uncertain, EmailOutboxOptions options)
    {
        var now = Now;
        var attempts = email.Attempts;
        var error = Describe(failure, uncertain);
        var send = failure as EmailSendException;
        var reason = Reason(send, uncertain);
        if (retry && attempts < options.MaxAttempts)
        {
            var delay = Backoff(attempts, options);
            if (await RecordAsync(email, batch, e =>
                {
                    e.NextAttemptAt = now + delay;
                    e.LastError = error;
                    e.RecordError(send);
                    e.DeliveryUncertain |= uncertain;
                    e.AttemptStartedAt = null;
                }).ConfigureAwait(false))
            {
                _telemetry.Retried(uncertain);
                LogRetryScheduled(email.MessageId, attempts, reason, delay.TotalSeconds);
            }

            return;
        }

        var final = Truncate(retry ? $"Gave up after {attempts} attempts. {error}" : error);
        if (await RecordAsync(email, batch, e =>
            {
                e.Status = EmailOutboxStatus.Failed;
                e.CompletedAt = now;
                e.LastError = final;
                e.RecordError(send);
                e.DeliveryUncertain |= uncertain;
                e.AttemptStartedAt = null;
            }).ConfigureAwait(false))
        {
            _telemetry.Failed();
            LogFailed(email.MessageId, attempts, reason);
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the email once, then writes its state under this instance's claim (ending the
    /// claim) until the write succeeds: a failed write is retried with backoff, the batch starts no new send meanwhile,
    /// and its claim is renewed. Gives up only when the claim was lost or at the host's shutdown timeout.
    /// </summary>
    /// <returns><see langword="true"/> when the state was written.</returns>
    private async Task<bool> RecordAsync(EmailOutboxMessage email, ClaimedBatch batch, Action<EmailOutboxMessage> change)
    {
        change(email);
        var wait = RecordRetryFirst;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var timeout = new CancellationTokenSource(DatabaseWriteTimeout);
                if (await _scopes.RunAsync<TContext, bool>(context => OutboxStore.CompleteClaimAsync(context, email, batch.Token, timeout.Token)).ConfigureAwait(false)
                    || (attempt > 1 && await _scopes.RunAsync<TContext, bool>(context => OutboxStore.WasCompletedByAsync(context, email.Id, Instance, timeout.Token)).ConfigureAwait(false)))
                {
                    if (attempt > 1)
                    {
                        LogRecordedAfterRetries(email.MessageId, attempt);
                    }

                    return true;
                }

                _telemetry.ClaimLost();
                LogClaimLost(email.MessageId, Instance);
                return false;
            }
            catch (Exception exception)
            {
                DatabaseFailed();
                batch.Block();
                if (attempt == 1)
                {
                    LogRecordFailed(exception, email.MessageId);
                }
            }

            try
            {
                await Task.Delay(wait, _clock, _abort).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The host's shutdown timeout: the row keeps its claim until it expires, then the next claim handles
                // it (an attempt that started and got no outcome is resent marked uncertain, or failed).
                LogRecordAbandoned(email.MessageId, attempt);
                return false;
            }

            wait = wait * 2 < RecordRetryCap ? wait * 2 : RecordRetryCap;
        }
    }

    /// <summary>Slows every dispatcher of the database down after a throttling reply (once per episode); a failed write only costs the slow-down.</summary>
    private async Task SlowDownAsync(EmailSendException failure)
    {
        try
        {
            using var timeout = new CancellationTokenSource(DatabaseWriteTimeout);
            if (await _budget.ThrottledAsync(timeout.Token).ConfigureAwait(false) is { } slower)
            {
                _telemetry.SlowedDown();
                LogSlowedDown(failure, failure.Provider ?? _sender.ProviderName, slower);
            }
        }
        catch (Exception exception)
        {
            DatabaseFailed();
            LogRateLimitFailed(exception, string.Empty);
        }
    }

    private void DatabaseFailed() => Volatile.Write(ref _lastDatabaseFailureTicks, Now.Ticks);

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
                purged += await OutboxStore.PurgeAsync(context, EmailOutboxStatus.Discarded, now - options.SentRetention, cancellationToken).ConfigureAwait(false);
                purged += await OutboxStore.PurgeAsync(context, EmailOutboxStatus.Cancelled, now - options.SentRetention, cancellationToken).ConfigureAwait(false);
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

    /// <summary>What a log line says of a failure: the provider's codes if there were any, and whether the server may have the message.</summary>
    private static string Reason(EmailSendException? failure, bool uncertain)
    {
        var codes = failure switch
        {
            { SmtpStatusCode: { } status, ProviderErrorCode: { } code } => $"{failure.Provider ?? "SMTP"} {status} {code}",
            { SmtpStatusCode: { } status } => $"{failure.Provider ?? "SMTP"} {status}",
            { ProviderErrorCode: { } code } => $"{failure.Provider} {code}".TrimStart(),
            _ => "no SMTP reply code",
        };
        return codes + (uncertain ? "; the server may have accepted it" : string.Empty);
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
        Message = "Email {MessageId} failed on attempt {Attempt} ({Reason}); next attempt in {DelaySeconds:0.#} s")]
    private partial void LogRetryScheduled(string messageId, int attempt, string reason, double delaySeconds);

    [LoggerMessage(EventId = 106, EventName = "EmailOutboxFailed", Level = LogLevel.Error,
        Message = "Email {MessageId} failed for good after {Attempts} attempts ({Reason}); it stays in the outbox as Failed")]
    private partial void LogFailed(string messageId, int attempts, string reason);

    [LoggerMessage(EventId = 107, EventName = "EmailOutboxClaimLost", Level = LogLevel.Warning,
        Message = "The claim of {Instance} on email {MessageId} had expired and another instance took it over; this outcome was not recorded")]
    private partial void LogClaimLost(string messageId, string instance);

    [LoggerMessage(EventId = 108, EventName = "EmailOutboxRecordFailed", Level = LogLevel.Error,
        Message = "Could not record the outcome of email {MessageId}; retrying until the database answers, meanwhile this batch starts no new send and its claim is renewed")]
    private partial void LogRecordFailed(Exception exception, string messageId);

    [LoggerMessage(EventId = 109, EventName = "EmailOutboxDatabaseFailed", Level = LogLevel.Error, Message = "The email outbox could not be read; trying again after the poll interval")]
    private partial void LogDatabaseFailed(Exception exception);

    [LoggerMessage(EventId = 110, EventName = "EmailOutboxUnexpectedFailure", Level = LogLevel.Error, Message = "Sending email {MessageId} failed unexpectedly; it will be retried")]
    private partial void LogUnexpected(Exception exception, string messageId);

    [LoggerMessage(EventId = 111, EventName = "EmailOutboxSendAborted", Level = LogLevel.Warning, Message = "Sending email {MessageId} was aborted at shutdown; its claim was released, and the next claim handles the attempt as one without an outcome")]
    private partial void LogAborted(string messageId);

    [LoggerMessage(EventId = 112, EventName = "EmailOutboxPurged", Level = LogLevel.Information, Message = "Deleted {Count} old emails from the outbox")]
    private partial void LogPurged(int count);

    [LoggerMessage(EventId = 113, EventName = "EmailOutboxOptionsRefused", Level = LogLevel.Error,
        Message = "The changed EmailOutbox configuration is invalid and was not applied; the previous one stays in use")]
    private partial void LogOptionsRefused(Exception exception);

    [LoggerMessage(EventId = 114, EventName = "EmailOutboxHousekeepingFailed", Level = LogLevel.Warning, Message = "Purging or counting the email outbox failed; delivery goes on")]
    private partial void LogHousekeepingFailed(Exception exception);

    [LoggerMessage(EventId = 115, EventName = "EmailOutboxDiscarding", Level = LogLevel.Warning,
        Message = "Email outbox dispatcher {Instance} delivers to NO_EMAIL_CLIENT: every email is discarded, not sent, and its row ends Discarded. Register a provider (AddEmail(configuration).AddSmtp()) and set Email:ActiveEmailClient to it, to send")]
    private partial void LogDiscarding(string instance);

    [LoggerMessage(EventId = 116, EventName = "EmailOutboxDiscarded", Level = LogLevel.Information, Message = "Discarded email {MessageId} from the outbox (NO_EMAIL_CLIENT): recorded as Discarded, not Sent")]
    private partial void LogDiscarded(string messageId);

    [LoggerMessage(EventId = 117, EventName = "EmailOutboxUncertainAttemptResent", Level = LogLevel.Warning,
        Message = "Email {MessageId}: attempt {Attempt}, started at {StartedAt:O}, got no outcome and the server may have accepted it; sending it again with the same Message-ID, marked uncertain")]
    private partial void LogOrphanResent(string messageId, int attempt, DateTime startedAt);

    [LoggerMessage(EventId = 118, EventName = "EmailOutboxUncertainAttemptFailed", Level = LogLevel.Error,
        Message = "Email {MessageId}: attempt {Attempt}, started at {StartedAt:O}, got no outcome and the server may have accepted it; not sent again, it stays in the outbox as Failed, marked uncertain")]
    private partial void LogOrphanFailed(string messageId, int attempt, DateTime startedAt);

    [LoggerMessage(EventId = 119, EventName = "EmailOutboxStampFailed", Level = LogLevel.Error,
        Message = "Could not record that sending email {MessageId} starts; it was not sent, and this batch starts no new send")]
    private partial void LogStampFailed(Exception exception, string messageId);

    [LoggerMessage(EventId = 120, EventName = "EmailOutboxRecordAbandoned", Level = LogLevel.Error,
        Message = "Gave up recording the outcome of email {MessageId} after {Tries} tries, at shutdown; the next claim handles it as an attempt without an outcome")]
    private partial void LogRecordAbandoned(string messageId, int tries);

    [LoggerMessage(EventId = 121, EventName = "EmailOutboxRecordedAfterRetries", Level = LogLevel.Information, Message = "Recorded the outcome of email {MessageId} at try {Tries}")]
    private partial void LogRecordedAfterRetries(string messageId, int tries);

    [LoggerMessage(EventId = 123, EventName = "EmailOutboxSlowedDown", Level = LogLevel.Warning,
        Message = "{Provider} is throttling: every dispatcher of this database slowed down to {Rate:0.###} emails/s (Email:RateLimit), recovering by 5% of the limit per second")]
    private partial void LogSlowedDown(Exception exception, string provider, double rate);

    [LoggerMessage(EventId = 124, EventName = "EmailOutboxRateLimitFailed", Level = LogLevel.Error,
        Message = "Could not read or write the shared rate limit (table EmailOutboxRateLimit) for email {MessageId}; it was not sent, and this batch starts no new send")]
    private partial void LogRateLimitFailed(Exception exception, string messageId);

    [LoggerMessage(EventId = 122, EventName = "EmailOutboxRenewFailed", Level = LogLevel.Warning, Message = "Could not renew the claim on a batch; trying again in a second")]
    private partial void LogRenewFailed(Exception exception);
}

/// <summary>No <c>Email</c> options registered (a dispatcher built by hand in a test): no rate limit.</summary>
file sealed class FixedEmailOptions : IOptionsMonitor<EmailOptions>
{
    public EmailOptions CurrentValue { get; } = new();

    public EmailOptions Get(string? name) => CurrentValue;

    public IDisposable? OnChange(Action<EmailOptions, string?> listener) => null;
}
