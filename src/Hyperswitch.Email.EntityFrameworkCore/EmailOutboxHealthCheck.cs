using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hyperswitch.Email.EntityFrameworkCore;

/// <summary>
/// Reports a backlog in the email outbox: healthy while the oldest pending email is younger than the threshold,
/// otherwise the registration's failure status (degraded by default), with the pending and failed counts as data.
/// </summary>
/// <remarks>Added by <c>AddEmailOutbox</c> on an <c>IHealthChecksBuilder</c>. Reads the database each time it runs.</remarks>
public sealed class EmailOutboxHealthCheck : IHealthCheck
{
    private readonly IEmailOutbox _outbox;
    private readonly TimeSpan _maxPendingAge;

    /// <summary>Initializes a new instance of the <see cref="EmailOutboxHealthCheck"/> class.</summary>
    /// <param name="outbox">The outbox to read.</param>
    /// <param name="maxPendingAge">How long the oldest pending email may wait before the check reports a backlog.</param>
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
        };
        if (statistics.OldestPendingAge > _maxPendingAge)
        {
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                $"{statistics.Pending} emails are waiting; the oldest for {statistics.OldestPendingAge.TotalSeconds:0} s (more than {_maxPendingAge.TotalSeconds:0} s).",
                data: data);
        }

        return HealthCheckResult.Healthy($"{statistics.Pending} emails pending, {statistics.Failed} failed.", data);
    }
}
