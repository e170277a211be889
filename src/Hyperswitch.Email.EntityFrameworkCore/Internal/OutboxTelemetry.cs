using System.Diagnostics.Metrics;

namespace Hyperswitch.Email.EntityFrameworkCore.Internal;

/// <summary>
/// The outbox's instruments on the core's <c>Hyperswitch.Email</c> meter: <c>hyperswitch.email.outbox.sent</c>,
/// <c>.retried</c> (tag <c>hyperswitch.email.delivery_uncertain</c>), <c>.failed</c>, <c>.claims_lost</c>, <c>.discarded</c> (counters,
/// {email}); <c>hyperswitch.email.outbox.pending</c> ({email}), <c>hyperswitch.email.outbox.oldest_pending_age</c> and
/// <c>hyperswitch.email.outbox.oldest_due_age</c> (s), gauges read from the statistics the dispatcher last took.
/// </summary>
internal sealed class OutboxTelemetry : IDisposable
{
    private const string MeterName = "Hyperswitch.Email";
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _claimsLost;
    private readonly Counter<long> _discarded;
    private readonly Counter<long> _slowdowns;
    private volatile EmailOutboxStatistics? _statistics;

    public OutboxTelemetry(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(new MeterOptions(MeterName)) ?? new Meter(MeterName);
        _sent = _meter.CreateCounter<long>("hyperswitch.email.outbox.sent", "{email}", "Emails from the outbox that the server accepted.");
        _retried = _meter.CreateCounter<long>("hyperswitch.email.outbox.retried", "{email}", "Attempts that failed transiently and were scheduled again.");
        _failed = _meter.CreateCounter<long>("hyperswitch.email.outbox.failed", "{email}", "Emails that failed for good (refused, invalid or out of attempts).");
        _claimsLost = _meter.CreateCounter<long>("hyperswitch.email.outbox.claims_lost", "{email}", "Outcomes not recorded because another instance had taken the email over.");
        _discarded = _meter.CreateCounter<long>("hyperswitch.email.outbox.discarded", "{email}", "Emails from the outbox that NO_EMAIL_CLIENT threw away instead of sending.");
        _slowdowns = _meter.CreateCounter<long>("hyperswitch.email.outbox.slowdowns", "{slowdown}", "Times a throttling reply slowed every dispatcher of the database down (Email:RateLimit).");
        _meter.CreateObservableGauge("hyperswitch.email.outbox.pending", () => _statistics?.Pending ?? 0, "{email}", "Emails waiting to be sent, as last counted by the dispatcher.");
        _meter.CreateObservableGauge("hyperswitch.email.outbox.oldest_pending_age", () => _statistics?.OldestPendingAge.TotalSeconds ?? 0, "s", "How long the oldest pending email has waited, as last read by the dispatcher.");
        _meter.CreateObservableGauge("hyperswitch.email.outbox.oldest_due_age", () => _statistics?.OldestDueAge.TotalSeconds ?? 0, "s", "How long the longest-due email has waited past its due time, as last read by the dispatcher.");
    }

    /// <summary>Gets the statistics last read, or <see langword="null"/> before the first read.</summary>
    public EmailOutboxStatistics? Statistics => _statistics;

    public void Observed(EmailOutboxStatistics statistics) => _statistics = statistics;

    public void Sent() => _sent.Add(1);

    public void Retried(bool deliveryUncertain) => _retried.Add(1, new KeyValuePair<string, object?>("hyperswitch.email.delivery_uncertain", deliveryUncertain));

    public void Failed() => _failed.Add(1);

    public void ClaimLost() => _claimsLost.Add(1);

    public void Discarded() => _discarded.Add(1);

    public void SlowedDown() => _slowdowns.Add(1);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
