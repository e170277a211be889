using System.Diagnostics.Metrics;

namespace Hyperswitch.Email.Suppressions.Internal;

/// <summary>
/// The suppression list's instruments on the core's <c>Hyperswitch.Email</c> meter: <c>hyperswitch.email.suppressions.added</c>
/// (tag <c>hyperswitch.email.suppression.reason</c>) and <c>hyperswitch.email.suppressions.refused</c> (counters), and
/// <c>hyperswitch.email.bounces.processed</c> (tag <c>hyperswitch.email.bounce.kind</c>: <c>hard</c>, <c>transient</c>,
/// <c>complaint</c>, <c>other</c>) for the IMAP processor.
/// </summary>
internal sealed class SuppressionTelemetry : IDisposable
{
    private const string MeterName = "Hyperswitch.Email";
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _added;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _processed;

    public SuppressionTelemetry(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(new MeterOptions(MeterName)) ?? new Meter(MeterName);
        _added = _meter.CreateCounter<long>("hyperswitch.email.suppressions.added", "{entry}", "Entries added to the suppression list.");
        _refused = _meter.CreateCounter<long>("hyperswitch.email.suppressions.refused", "{email}", "Sends and enqueues refused because a recipient is suppressed.");
        _processed = _meter.CreateCounter<long>("hyperswitch.email.bounces.processed", "{message}", "Messages of the bounce mailbox processed.");
    }

    public void Added(EmailSuppressionReason reason) => _added.Add(1, new KeyValuePair<string, object?>("hyperswitch.email.suppression.reason", reason.ToString()));

    public void Refused() => _refused.Add(1);

    public void Processed(string kind) => _processed.Add(1, new KeyValuePair<string, object?>("hyperswitch.email.bounce.kind", kind));

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
