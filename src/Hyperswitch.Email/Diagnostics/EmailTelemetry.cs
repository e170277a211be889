using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Hyperswitch.Email.Diagnostics;

/// <summary>
/// The library's metrics (a <see cref="Meter"/>) and traces (an <see cref="ActivitySource"/>), both named
/// <c>Hyperswitch.Email</c>, usable by OpenTelemetry without the library depending on it.
/// </summary>
/// <remarks>
/// Instruments: <c>hyperswitch.email.sent</c> (counter, {email}), <c>hyperswitch.email.failed</c> (counter, {email};
/// tags <c>error.type</c> = the <see cref="EmailSendFailure"/>, <c>hyperswitch.email.transient</c>,
/// <c>smtp.status_code</c> when the server gave one), <c>hyperswitch.email.send.duration</c> (histogram, s; tag
/// <c>hyperswitch.email.outcome</c> = <c>sent</c> or <c>failed</c>), <c>hyperswitch.email.slowdowns</c> (counter, {slowdown}: a
/// throttling reply halved the sending rate). Every instrument also carries
/// <c>hyperswitch.email.client</c>, the provider's name (<c>SMTP</c>, <c>PickupDirectory</c>, <c>NO_EMAIL_CLIENT</c>, <c>InMemory</c>). Activity <c>hyperswitch.email.send</c>, with events for its stages.
/// No tag or event ever holds an address, a subject, a body or a secret.
/// </remarks>
internal sealed class EmailTelemetry : IDisposable
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "Hyperswitch.Email";

    private static readonly string? Version = typeof(EmailTelemetry).Assembly.GetName().Version?.ToString();

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _slowdowns;

    public EmailTelemetry(IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(new MeterOptions(Name) { Version = Version }) ?? new Meter(Name, Version);
        _sent = _meter.CreateCounter<long>("hyperswitch.email.sent", "{email}", "Emails the provider accepted.");
        _failed = _meter.CreateCounter<long>("hyperswitch.email.failed", "{email}", "Emails that could not be sent, by failure kind and transience.");
        _slowdowns = _meter.CreateCounter<long>("hyperswitch.email.slowdowns", "{slowdown}", "Times a throttling reply halved the sending rate.");
        _duration = _meter.CreateHistogram<double>("hyperswitch.email.send.duration", "s", "How long sending an email took, retries included.");
    }

    /// <summary>The source of the activities, one per send.</summary>
    public static ActivitySource Source { get; } = new(Name, Version);

    /// <summary>Starts the activity of one send, or returns <see langword="null"/> when nobody listens.</summary>
    public static Activity? StartSend(string provider)
    {
        var activity = Source.StartActivity("hyperswitch.email.send", ActivityKind.Client);
        activity?.SetTag("hyperswitch.email.client", provider);
        return activity;
    }

    /// <summary>Tags the current send with the server it goes to (the SMTP provider's primary server).</summary>
    public static void Server(string server, int port)
    {
        if (Activity.Current is { Source.Name: Name, OperationName: "hyperswitch.email.send" } activity)
        {
            activity.SetTag("server.address", server);
            activity.SetTag("server.port", port);
        }
    }

    /// <summary>Marks a stage of the current send (connected, secured, authenticated, accepted).</summary>
    public static void Stage(string name) => Activity.Current?.AddEvent(new ActivityEvent(name));

    public void Sent(string client, TimeSpan elapsed)
    {
        // Nothing to record, nor to JIT, when no listener collects these instruments.
        var tag = new KeyValuePair<string, object?>("hyperswitch.email.client", client);
        if (_sent.Enabled)
        {
            _sent.Add(1, tag);
        }

        if (_duration.Enabled)
        {
            _duration.Record(elapsed.TotalSeconds, tag, new KeyValuePair<string, object?>("hyperswitch.email.outcome", "sent"));
        }
    }

    public void SlowedDown(string client) => _slowdowns.Add(1, new KeyValuePair<string, object?>("hyperswitch.email.client", client));

    public void Failed(string client, EmailSendException failure, TimeSpan elapsed, Activity? activity)
    {
        var tags = new TagList
        {
            { "hyperswitch.email.client", client },
            { "error.type", failure.Failure.ToString() },
            { "hyperswitch.email.transient", failure.IsTransient },
        };
        if (failure.SmtpStatusCode is { } code)
        {
            tags.Add("smtp.status_code", code);
        }

        _failed.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("hyperswitch.email.client", client), new KeyValuePair<string, object?>("hyperswitch.email.outcome", "failed"));
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, failure.Failure.ToString());
            activity.SetTag("error.type", failure.Failure.ToString());
            if (failure.SmtpStatusCode is { } status)
            {
                activity.SetTag("smtp.status_code", status);
            }
        }
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
