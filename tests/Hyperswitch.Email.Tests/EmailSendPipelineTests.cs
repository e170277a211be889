using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Hyperswitch.Email.Diagnostics;
using Hyperswitch.Email.Tests.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Hyperswitch.Email.Tests;

/// <summary>One pipeline around every provider: hooks see direct and prepared sends, retries stay inside it, metrics count every provider.</summary>
[Collection(SerialCollectionDefinition.Name)]
public sealed class EmailSendPipelineTests
{
    [Fact]
    public async Task Hook_SeesADirectSendAndAPreparedSend_ThroughSmtp()
    {
        await using var server = new ScriptedSmtpServer();
        using var provider = BuildSmtp(SmtpServerFaultTests.Settings(server), services => services.AddEmailSendHook<RecordingHook>());
        var client = provider.GetRequiredService<IEmailClient>();

        await client.SendEmailAsync("jane@example.com", "Direct", "<p/>");
        var prepared = await provider.GetRequiredService<IEmailComposer>().ComposeAsync(new EmailMessage("bob@example.com", "Queued", "<p/>"));
        await provider.GetRequiredService<PreparedEmailSender>().SendAsync(PreparedEmail.Load(prepared.Content.ToArray()));

        var hook = Hook(provider);
        Assert.Equal(2, server.Messages.Count);
        Assert.Equal(2, hook.Sending.Count);
        Assert.Equal(["SMTP", "SMTP"], hook.Sending.Select(c => c.Provider));
        Assert.Equal(["jane@example.com"], hook.Sending.First().Email.Recipients);
        Assert.Equal(prepared.MessageId, hook.Sent.Last().Email.MessageId);
        Assert.Equal(2, hook.Sent.Count);
        Assert.Empty(hook.Failed);
    }

    [Fact]
    public async Task Hook_RefusesASend_NothingIsSentTheTypedFailureReachesTheCallerAndIsCounted()
    {
        await using var server = new ScriptedSmtpServer();
        using var provider = BuildSmtp(SmtpServerFaultTests.Settings(server), services => services.AddEmailSendHook<RecordingHook>().AddEmailSendHook<SuppressingHook>());
        using var failed = new MetricCollector<long>(provider.GetRequiredService<IMeterFactory>(), EmailInstrumentation.MeterName, "hyperswitch.email.failed");

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => provider.GetRequiredService<IEmailClient>().SendEmailAsync("bounced@example.com", "Hi", "<p/>"));

        Assert.Equal(EmailSendFailure.Suppressed, exception.Failure);
        Assert.False(exception.IsTransient);
        Assert.Equal(0, server.ConnectionCount);
        var hook = Hook(provider);
        Assert.Same(exception, Assert.Single(hook.Failed));
        Assert.Empty(hook.Sent);
        var measurement = Assert.Single(failed.GetMeasurementSnapshot());
        Assert.Equal("Suppressed", measurement.Tags["error.type"]);
        Assert.Equal("SMTP", measurement.Tags["hyperswitch.email.client"]);
    }

    [Fact]
    public async Task Hook_WithRetries_RunsOncePerSendNotPerAttempt()
    {
        await using var server = new ScriptedSmtpServer();
        server.On(SmtpPhase.MailFrom, SmtpAction.Reply(451, "4.3.0 try again later"), onlyConnection: 1);
        var settings = SmtpServerFaultTests.Settings(server);
        settings["Email:Smtp:Retry:MaxRetries"] = "2";
        settings["Email:Smtp:Retry:BaseDelay"] = "00:00:00.010";
        using var provider = BuildSmtp(settings, services => services.AddEmailSendHook<RecordingHook>());

        await provider.GetRequiredService<IEmailClient>().SendEmailAsync("jane@example.com", "Retried", "<p/>");

        Assert.Equal(2, server.ConnectionCount);
        var hook = Hook(provider);
        Assert.Single(hook.Sending);
        Assert.Single(hook.Sent);
    }

    [Theory]
    [InlineData("NO_EMAIL_CLIENT")]
    [InlineData("PickupDirectory")]
    public async Task SendAsync_EveryProvider_IsCountedTaggedWithItsNameAndSeenByTheHooks(string client)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"pipeline-{Guid.NewGuid():N}");
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Email:SenderEmail"] = "no-reply@shop.example",
                ["Email:ActiveEmailClient"] = client,
                ["Email:PickupDirectory:Path"] = client == "PickupDirectory" ? folder : null,
            }).Build();
            var services = new ServiceCollection().AddMetrics().AddEmailSendHook<RecordingHook>();
            services.AddEmail(configuration).AddPickupDirectory();
            using var provider = services.BuildServiceProvider();
            using var sent = new MetricCollector<long>(provider.GetRequiredService<IMeterFactory>(), EmailInstrumentation.MeterName, "hyperswitch.email.sent");
            var emailClient = provider.GetRequiredService<IEmailClient>();

            await emailClient.SendEmailAsync("jane@example.com", "Hi", "<p/>");
            var queued = await provider.GetRequiredService<IEmailComposer>().ComposeAsync(new EmailMessage("bob@example.com", "Queued", "<p/>"));
            await provider.GetRequiredService<PreparedEmailSender>().SendAsync(queued);

            Assert.Equal([client, client], sent.GetMeasurementSnapshot().Select(m => (string?)m.Tags["hyperswitch.email.client"]));
            Assert.Equal([client, client], Hook(provider).Sent.Select(c => c.Provider));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public async Task ThirdPartyTransport_SentThroughThePublicPipeline_GetsTheHooksAndTheMetrics()
    {
        using var provider = new ServiceCollection()
            .AddMetrics()
            .AddSmtpEmail(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Email:SenderEmail"] = "no-reply@shop.example", ["Email:Smtp:Host"] = "127.0.0.1" }).Build())
            .AddEmailSendHook<RecordingHook>()
            .BuildServiceProvider();
        using var sent = new MetricCollector<long>(provider.GetRequiredService<IMeterFactory>(), EmailInstrumentation.MeterName, "hyperswitch.email.sent");
        var transport = new ApiTransport();
        var email = await provider.GetRequiredService<IEmailComposer>().ComposeAsync(new EmailMessage("jane@example.com", "Hi", "<p/>") { Bcc = { "audit@example.com" } });

        await provider.GetRequiredService<EmailSendPipeline>().SendAsync(email, transport);

        Assert.Equal(["jane@example.com", "audit@example.com"], transport.Recipients);
        Assert.DoesNotContain("audit@example.com", transport.Body, StringComparison.Ordinal);
        Assert.Equal("ACME", Assert.Single(Hook(provider).Sent).Provider);
        Assert.Equal("ACME", Assert.Single(sent.GetMeasurementSnapshot()).Tags["hyperswitch.email.client"]);
    }

    private sealed class ApiTransport : IEmailTransport
    {
        public string Name => "ACME";

        public IReadOnlyList<string> Recipients { get; private set; } = [];

        public string Body { get; private set; } = string.Empty;

        public async Task SendAsync(PreparedEmail email, CancellationToken cancellationToken = default)
        {
            using var body = new MemoryStream();
            await email.WriteToAsync(body, cancellationToken);
            Recipients = email.Recipients;
            Body = System.Text.Encoding.UTF8.GetString(body.ToArray());
        }
    }

    private static RecordingHook Hook(IServiceProvider provider) =>
        provider.GetServices<IEmailSendHook>().OfType<RecordingHook>().Single();

    [Fact]
    public async Task Hook_ThrowingAfterTheSend_IsLoggedAndTheSendStillSucceedsOnce()
    {
        await using var server = new ScriptedSmtpServer();
        var logs = new CapturingLoggerProvider();
        using var provider = BuildSmtp(
            SmtpServerFaultTests.Settings(server),
            services => services.AddLogging(builder => builder.AddProvider(logs)).AddEmailSendHook<ThrowingHook>());

        await provider.GetRequiredService<IEmailClient>().SendEmailAsync("jane@example.com", "Hi", "<p/>");

        Assert.Single(server.Messages);
        var entry = Assert.Single(logs.Entries, e => e.EventId.Name == "EmailSendHookFailed");
        Assert.Contains("ThrowingHook failed in OnSentAsync", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hook_ThrowingOnAFailure_DoesNotHideTheSendsOwnFailure()
    {
        await using var server = new ScriptedSmtpServer();
        server.On(SmtpPhase.RcptTo, SmtpAction.Reply(550, "5.1.1 no such user"));
        var logs = new CapturingLoggerProvider();
        using var provider = BuildSmtp(
            SmtpServerFaultTests.Settings(server),
            services => services.AddLogging(builder => builder.AddProvider(logs)).AddEmailSendHook<ThrowingHook>());

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => provider.GetRequiredService<IEmailClient>().SendEmailAsync("nobody@example.com", "Hi", "<p/>"));

        Assert.Equal(EmailSendFailure.RecipientRejected, exception.Failure);
        Assert.Single(logs.Entries, e => e.EventId.Name == "EmailSendHookFailed" && e.Message.Contains("OnFailedAsync", StringComparison.Ordinal));
    }

    private sealed class ThrowingHook : IEmailSendHook
    {
        public ValueTask OnSentAsync(EmailSendContext context, CancellationToken cancellationToken) => throw new InvalidOperationException("audit store down");

        public ValueTask OnFailedAsync(EmailSendContext context, Exception exception, CancellationToken cancellationToken) => throw new InvalidOperationException("audit store down");
    }

    private static ServiceProvider BuildSmtp(Dictionary<string, string?> settings, Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection().AddMetrics().AddSmtpEmail(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        configure(services);
        return services.BuildServiceProvider();
    }

    private sealed class RecordingHook : IEmailSendHook
    {
        public ConcurrentQueue<EmailSendContext> Sending { get; } = new();

        public ConcurrentQueue<EmailSendContext> Sent { get; } = new();

        public ConcurrentQueue<Exception> Failed { get; } = new();

        public ValueTask OnSendingAsync(EmailSendContext context, CancellationToken cancellationToken)
        {
            Sending.Enqueue(context);
            return ValueTask.CompletedTask;
        }

        public ValueTask OnSentAsync(EmailSendContext context, CancellationToken cancellationToken)
        {
            Sent.Enqueue(context);
            return ValueTask.CompletedTask;
        }

        public ValueTask OnFailedAsync(EmailSendContext context, Exception exception, CancellationToken cancellationToken)
        {
            Failed.Enqueue(exception);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class SuppressingHook : IEmailSendHook
    {
        public ValueTask OnSendingAsync(EmailSendContext context, CancellationToken cancellationToken) =>
            context.Email.Recipients.Contains("bounced@example.com")
                ? throw new EmailSendException(EmailSendFailure.Suppressed, isTransient: false, "The recipient is on the suppression list; nothing was sent.")
                : ValueTask.CompletedTask;
    }
}
