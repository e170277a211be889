using System.Diagnostics;
using Hyperswitch.Email.Diagnostics;
using Hyperswitch.Email.Tests.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Hyperswitch.Email.Tests;

/// <summary><c>Email:RateLimit</c> and the slow-down after throttling, against the scripted SMTP server: arrivals counted at the sink.</summary>
[Collection(SerialCollectionDefinition.Name)]
public sealed class EmailRateLimitTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SendAsync_HundredAtOnceUnderTwentyPerSecond_ArrivalsStayWithinTheLimit()
    {
        const int Emails = 100;
        await using var server = new ScriptedSmtpServer();
        var settings = EmailClientFactory.Plaintext(server.Port);
        settings["Email:RateLimit:PermitLimit"] = "20";
        settings["Email:RateLimit:Period"] = "00:00:01";
        settings["Email:RateLimit:MaxWait"] = "00:01:00";
        using var factory = EmailClientFactory.FromConfiguration(settings);

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Emails).Select(n =>
            Task.Run(() => factory.Client.SendEmailAsync($"user{n}@example.com", $"Invite {n}", "<p>Hi</p>"))));
        clock.Stop();

        var arrivals = server.Messages.Select(m => m.ReceivedAt).ToList();
        var busiest = Arrivals.MaxInAnyWindow(arrivals, TimeSpan.FromSeconds(1));
        var mean = Arrivals.MeanPerSecond(arrivals);
        output.WriteLine($"{Emails} direct sends, Email:RateLimit 20/s: {clock.Elapsed.TotalSeconds:0.0} s, mean {mean:0.0}/s, busiest 1 s window {busiest}, per second [{string.Join(", ", Arrivals.PerSecond(arrivals))}]");

        Assert.Equal(Emails, arrivals.Count);

        // Counted per second at the sink, within the documented tolerance (10 %). The busiest sliding second also
        // carries the jitter of this shared machine between a send's turn and its arrival (a stalled thread pool
        // delays the sink's own clock reading too): a generous bound for it.
        // The mean has only a generous floor: turns missed while this machine stalled are not made up.
        Assert.All(Arrivals.PerSecond(arrivals), perSecond => Assert.InRange(perSecond, 0, 22));
        Assert.InRange(busiest, 1, 26);
        Assert.InRange(mean, 5, 22);
    }

    [Fact]
    public async Task SendAsync_TurnLaterThanMaxWait_FailsRateLimitedTransientAndSendsNothing()
    {
        await using var server = new ScriptedSmtpServer();
        var settings = EmailClientFactory.Plaintext(server.Port);
        settings["Email:RateLimit:PermitLimit"] = "1";
        settings["Email:RateLimit:Period"] = "00:01:00";
        settings["Email:RateLimit:MaxWait"] = "00:00:00.200";
        settings["Email:Smtp:Retry:MaxRetries"] = "3";
        using var factory = EmailClientFactory.FromConfiguration(settings);

        await factory.Client.SendEmailAsync("first@example.com", "First", "<p/>");
        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("second@example.com", "Second", "<p/>"));
        clock.Stop();

        Assert.Equal(EmailSendFailure.RateLimited, failure.Failure);
        Assert.True(failure.IsTransient);
        Assert.False(failure.MayHaveBeenDelivered);
        Assert.Equal("SMTP", failure.Provider);
        Assert.Contains("Email:RateLimit:MaxWait", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was sent", failure.Message, StringComparison.Ordinal);

        // Its turn is a minute away: refused at once, not retried by Email:Smtp:Retry, and the server saw nothing of it.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"refused without waiting; took {clock.Elapsed}");
        Assert.Single(server.Messages);
        Assert.Equal(1, server.ConnectionCount);
    }

    [Fact]
    public async Task SendAsync_PreparedEmailUnderTheLimit_WaitsForItsTurnInsteadOfFailing()
    {
        await using var server = new ScriptedSmtpServer();
        var settings = EmailClientFactory.Plaintext(server.Port);
        settings["Email:RateLimit:PermitLimit"] = "2";
        settings["Email:RateLimit:MaxWait"] = "00:00:00";
        using var factory = EmailClientFactory.FromConfiguration(settings);

        var prepared = await Task.WhenAll(Enumerable.Range(0, 4).Select(n => factory.ComposeAsync(new EmailMessage($"u{n}@example.com", "Queued", "<p/>")).AsTask()));
        await Task.WhenAll(prepared.Select(p => factory.Sender.SendAsync(p)));

        // Four at two a second: the last waited about 1.5 s for its turn, and none failed (a direct send would have).
        Assert.Equal(4, server.Messages.Count);
        var arrivals = server.Messages.Select(m => m.ReceivedAt).Order().ToList();
        Assert.True(arrivals[^1] - arrivals[0] >= TimeSpan.FromSeconds(1.2), $"spaced: {arrivals[^1] - arrivals[0]}");
    }

    [Fact]
    public async Task SendAsync_ThrottlingReplies_HalveTheRateForEveryLaterSend_OneWarningPerSlowDown()
    {
        await using var server = new ScriptedSmtpServer();

        // The first three connections are throttled, as Amazon SES does over its sending rate.
        server.Script = (connection, phase) => phase == SmtpPhase.MailFrom && connection <= 3
            ? SmtpAction.Reply(454, "4.7.0 Throttling failure: Maximum sending rate exceeded.")
            : null;
        var settings = EmailClientFactory.Plaintext(server.Port);
        settings["Email:RateLimit:PermitLimit"] = "40";
        settings["Email:RateLimit:MaxWait"] = "00:01:00";
        using var factory = EmailClientFactory.FromConfiguration(settings);
        using var slowdowns = new MetricCollector<long>(null, EmailInstrumentation.MeterName, "hyperswitch.email.slowdowns");

        var failures = await Task.WhenAll(Enumerable.Range(0, 3).Select(n => Assert.ThrowsAsync<EmailSendException>(
            () => factory.Client.SendEmailAsync($"u{n}@example.com", "Hi", "<p/>"))));
        Assert.All(failures, f => Assert.Equal(EmailSendFailure.Throttled, f.Failure));

        // Three replies at once are one episode: one slow-down, to half the limit, with one Warning.
        var slowDowns = factory.Logs.Entries.Where(e => e.EventId.Name == "EmailSendingSlowedDown").ToList();
        var warning = Assert.Single(slowDowns);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(20.0, (double)warning.State.Single(p => p.Key == "Rate").Value!, 1);
        Assert.Contains(slowdowns.GetMeasurementSnapshot(), m => m.Value == 1 && m.Tags["hyperswitch.email.client"] as string == "SMTP");

        // Every later send goes at the lower rate, recovering slowly: ten take about half a second, not a quarter.
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 10).Select(n => factory.Client.SendEmailAsync($"v{n}@example.com", "Hi", "<p/>")));
        clock.Stop();
        var arrivals = server.Messages.Select(m => m.ReceivedAt).ToList();
        output.WriteLine($"after the slow-down: 10 sends in {clock.Elapsed.TotalMilliseconds:0} ms, mean {Arrivals.MeanPerSecond(arrivals):0.0}/s");
        Assert.Equal(10, arrivals.Count);
        Assert.InRange(Arrivals.MeanPerSecond(arrivals), 1, 30);
    }
}

/// <summary><c>Email:RateLimit</c> as configuration: bound by the source-generated mirror, validated naming its keys.</summary>
public sealed class EmailRateLimitOptionsTests
{
    [Fact]
    public void Bind_RateLimitSection_BindsEveryKey()
    {
        var limit = Resolve(new() { ["Email:RateLimit:PermitLimit"] = "14", ["Email:RateLimit:Period"] = "00:00:02", ["Email:RateLimit:MaxWait"] = "00:00:05" }).RateLimit!;

        Assert.Equal(14, limit.PermitLimit);
        Assert.Equal(TimeSpan.FromSeconds(2), limit.Period);
        Assert.Equal(TimeSpan.FromSeconds(5), limit.MaxWait);
    }

    [Fact]
    public void Bind_NoRateLimitSection_MeansNoLimit()
    {
        Assert.Null(Resolve([]).RateLimit);
    }

    [Theory]
    [InlineData("Email:RateLimit:PermitLimit", "0", "Email:RateLimit:PermitLimit must be a positive number of messages per Email:RateLimit:Period (it is 0); leave Email:RateLimit out for no limit.")]
    [InlineData("Email:RateLimit:Period", "00:00:00", "Email:RateLimit:Period must be from 1 millisecond to 1 day (it is 00:00:00).")]
    [InlineData("Email:RateLimit:MaxWait", "-00:00:01", "Email:RateLimit:MaxWait must be from zero to 1 hour (it is -00:00:01).")]
    public void Validate_InvalidValue_FailsNamingTheKey(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["Email:RateLimit:PermitLimit"] = "20", [key] = value };

        var exception = Assert.Throws<OptionsValidationException>(() => Resolve(settings));

        Assert.Equal([expected], exception.Failures);
    }

    [Fact]
    public void Bind_MisspeltKey_FailsNamingIt()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => Resolve(new() { ["Email:RateLimit:PermitLimt"] = "20" }));

        Assert.Contains("PermitLimt", exception.Message, StringComparison.Ordinal);
    }

    private static EmailOptions Resolve(Dictionary<string, string?> settings)
    {
        settings["Email:SenderEmail"] = "no-reply@example.com";
        settings["Email:Smtp:Host"] = "smtp.example.com";
        using var provider = new ServiceCollection().AddSmtpEmail(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<EmailOptions>>().Value;
    }
}
