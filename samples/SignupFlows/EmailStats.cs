using System.Diagnostics.Metrics;
using Hyperswitch.Email.Diagnostics;
using Hyperswitch.Email.EntityFrameworkCore;

namespace SignupFlows;

/// <summary>
/// Totals of the library's metrics, read with a <see cref="MeterListener"/>: what an OpenTelemetry exporter would
/// collect with <c>AddMeter(EmailInstrumentation.MeterName)</c>, without a collector to run.
/// </summary>
public sealed class EmailStats : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _sent;
    private long _failed;

    public EmailStats()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == EmailInstrumentation.MeterName && instrument.Name is "hyperswitch.email.sent" or "hyperswitch.email.failed")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "hyperswitch.email.sent")
            {
                Interlocked.Add(ref _sent, value);
            }
            else
            {
                Interlocked.Add(ref _failed, value);
            }
        });
        _listener.Start();
    }

    /// <summary>The totals since the app started, and the outbox as it stands now (read from the database).</summary>
    public object Snapshot(EmailOutboxStatistics outbox) => new
    {
        sent = Interlocked.Read(ref _sent),
        failed = Interlocked.Read(ref _failed),
        outbox = new
        {
            pending = outbox.Pending,
            failed = outbox.Failed,
            oldestPendingAgeSeconds = Math.Round(outbox.OldestPendingAge.TotalSeconds, 1),
        },
    };

    public void Dispose() => _listener.Dispose();
}
