using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hyperswitch.Email.EntityFrameworkCore;

/// <summary>
/// Reports a backlog in the email outbox: healthy while every due email is sent within the threshold of becoming due,
/// otherwise the registration's failure status (degraded by default), with the counts and ages as data. An email
/// waiting out its retry delay is not due, so one recipient being retried for hours is not a backlog; a relay that is
/// down shows in the SMTP health check and in the pending count.
/// </summary>
/// <remarks>Added by <c>AddEmailOutbox</c> on an <c>IHealthChecksBuilder</c>. Reads the database each time it runs.</remarks>
public sealed class EmailOutboxHealthCheck : IHealthCheck
{
    private readonly IEmailOutbox _outbox;
    private readonly TimeSpan _maxPendingAge;

    /// <summary>Initializes a new instance of the <see cref="EmailOutboxHealthCheck"/> class.</summary>
    /// <param name="outbox">The outbox to read.</param>
    /// <param name="maxPendingAge">How long a due email may wait past its due time before the check reports a backlog.</param>
    /// <exception cref="ArgumentNullException"><paramref name="outbox"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPendingAge"/> is not positive.</exception>
    public EmailOutboxHealthCheck(IEmailOutbox outbox, TimeSpan maxPendingAge)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxPendingAge, TimeSpan.Zero);
        _outbox = outbox;
        _maxPendingAge = maxPendingAge;
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        EmailOutboxStatistics statistics;
        try
        {
            statistics = await _outbox.GetStatisticsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The email outbox could not be read.", exception);
        }

        var data = new Dictionary<string, object>
        {
            ["pending"] = statistics.Pending,
            ["failed"] = statistics.Failed,
            ["oldest_pending_age_seconds"] = Math.Round(statistics.OldestPendingAge.TotalSeconds, 1),
            ["oldest_due_age_seconds"] = Math.Round(statistics.OldestDueAge.TotalSeconds, 1),
        };
        if (statistics.OldestDueAge > _maxPendingAge)
        {
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                $"{statistics.Pending} emails are pending; one has been due for {statistics.OldestDueAge.TotalSeconds:0} s (more than {_maxPendingAge.TotalSeconds:0} s): the dispatchers are not keeping up or not running.",
                data: data);
        }

        return HealthCheckResult.Healthy($"{statistics.Pending} emails pending, {statistics.Failed} failed.", data);
    }
}
