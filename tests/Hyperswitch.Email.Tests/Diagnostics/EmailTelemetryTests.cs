using System.Diagnostics;
using System.Diagnostics.Metrics;
using Hyperswitch.Email.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Hyperswitch.Email.Tests.Diagnostics;

/// <summary>Metrics and traces of real sends, as OpenTelemetry would collect them.</summary>
[Collection(Smtp.SerialCollectionDefinition.Name)]
public sealed class EmailTelemetryTests
{
    [Fact]
    public async Task SendAsync_Success_CountsSentAndRecordsDurationAndAnActivityWithStages()
    {
        await using var server = new ScriptedSmtpServer();
        using var provider = Build(Smtp.SmtpServerFaultTests.Settings(server));
        var meters = provider.GetRequiredService<IMeterFactory>();
        using var sent = new MetricCollector<long>(meters, EmailInstrumentation.MeterName, "hyperswitch.email.sent");
        using var duration = new MetricCollector<double>(meters, EmailInstrumentation.MeterName, "hyperswitch.email.send.duration");
        var activities = new List<Activity>();
        using var listener = Listen(activities);

        await provider.GetRequiredService<IEmailClient>().SendAsync(new EmailMessage("jane@example.com", "Traced", "<p>secret-body</p>") { Cc = { "cc@example.com" } });

        var count = Assert.Single(sent.GetMeasurementSnapshot());
        Assert.Equal(1, count.Value);
        Assert.Equal("SMTP", count.Tags["hyperswitch.email.client"]);
        var elapsed = Assert.Single(duration.GetMeasurementSnapshot());
        Assert.True(elapsed.Value > 0);
        Assert.Equal("sent", elapsed.Tags["hyperswitch.email.outcome"]);
        var activity = Assert.Single(activities, a => a.OperationName == "hyperswitch.email.send" && (int?)a.GetTagItem("server.port") == server.Port);
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);
        Assert.Equal(2, activity.GetTagItem("hyperswitch.email.recipients"));
        Assert.Equal(["connected", "accepted"], activity.Events.Select(e => e.Name));
        Assert.DoesNotContain(activity.TagObjects, t => t.Value?.ToString()?.Contains('@', StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task SendAsync_Failure_CountsByKindAndTransienceAndMarksTheActivity()
    {
        await using var server = new ScriptedSmtpServer();
        server.On(SmtpPhase.RcptTo, SmtpAction.Reply(550, "5.1.1 unknown"));
        using var provider = Build(Smtp.SmtpServerFaultTests.Settings(server));
        var meters = provider.GetRequiredService<IMeterFactory>();
        using var failed = new MetricCollector<long>(meters, EmailInstrumentation.MeterName, "hyperswitch.email.failed");
        var activities = new List<Activity>();
        using var listener = Listen(activities);

        await Assert.ThrowsAsync<EmailSendException>(() => provider.GetRequiredService<IEmailClient>().SendEmailAsync("jane@example.com", "Hi", "<p/>"));

        var measurement = Assert.Single(failed.GetMeasurementSnapshot());
        Assert.Equal("RecipientRejected", measurement.Tags["error.type"]);
        Assert.Equal(false, measurement.Tags["hyperswitch.email.transient"]);
        Assert.Equal(550, measurement.Tags["smtp.status_code"]);
        var activity = Assert.Single(activities, a => (int?)a.GetTagItem("server.port") == server.Port);
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
        Assert.Equal("RecipientRejected", activity.StatusDescription);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddMetrics()
            .AddSmtpEmail(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    private static ActivityListener Listen(List<Activity> activities)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EmailInstrumentation.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (activities) { activities.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
