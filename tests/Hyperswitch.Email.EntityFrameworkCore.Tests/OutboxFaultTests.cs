using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.EntityFrameworkCore.Tests;

/// <summary>What the dispatcher does when the relay is down, refuses, or loses the connection, against a scripted SMTP server, on SQLite.</summary>
public sealed class OutboxFaultTests
{
    private static EmailMessage Message(int n) => new($"user{n}@example.com", $"Reset {n}", $"<p>Reset link {n}</p>");

    [Fact]
    public async Task RelayDown_EmailsStayPendingWithAttemptsAndNextAttempt_ThenEachIsDeliveredOnceWhenItComesBack()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await OutboxHost.StartAsync(database, smtpPort: FreePort.Next());
        var queued = new List<string>();
        for (var n = 0; n < 5; n++)
        {
            queued.Add((await app.Outbox.EnqueueAsync(Message(n))).MessageId);
        }

        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).All(r => r.Attempts >= 2)), "every email was attempted at least twice");
        foreach (var row in await database.RowsAsync())
        {
            Assert.Equal(EmailOutboxStatus.Pending, row.Status);
            Assert.True(row.NextAttemptAt > row.EnqueuedAt, "a retry is scheduled after the enqueue time");
            Assert.Contains("Connect", row.LastError, StringComparison.Ordinal);
            Assert.Null(row.CompletedAt);
        }

        await using var relay = new ScriptedSmtpServer();
        app.UseSmtpPort(relay.Port);

        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).All(r => r.Status == EmailOutboxStatus.Sent)), "all sent once the relay is back");
        Assert.Equal(queued.Order(), Received.MessageIds(relay).Order());
    }

    [Fact]
    public async Task ABatchLargerThanItsConcurrency_EachAttemptIsStampedAndCountedOnce()
    {
        await using var relay = new ScriptedSmtpServer();
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using (var enqueuer = await OutboxHost.StartAsync(database, relay.Port, o => o.DispatcherEnabled = false))
        {
            using var scope = enqueuer.Services.CreateScope();
            var context = scope.ServiceProvider.GetRequiredService<OutboxTestContext>();
            for (var n = 0; n < 30; n++)
            {
                context.AddEmail(Message(n));
            }

            await context.SaveChangesAsync();
        }

        // One batch of 30, 4 at a time: stamps ride in the claim, in outcomes' commits, or on their own.
        await using var app = await OutboxHost.StartAsync(database, relay.Port, o => (o.BatchSize, o.MaxConcurrency) = (50, 4));

        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).All(r => r.Status == EmailOutboxStatus.Sent)), "all sent");
        var rows = await database.RowsAsync();
        Assert.All(rows, r => Assert.Equal((1, null, false), (r.Attempts, r.AttemptStartedAt, r.DeliveryUncertain)));
        Assert.Equal(rows.Select(r => r.MessageId).Order(), Received.MessageIds(relay).Order());
    }

    [Fact]
    public async Task RetryLogs_ReadWell_WithAndWithoutAnSmtpCode()
    {
        await using var relay = new ScriptedSmtpServer();
        relay.On(SmtpPhase.RcptTo, SmtpAction.Reply(451, "4.7.1 Try again later"));
        await using var database = await TestDatabase.CreateSqliteAsync();
        var logs = new CapturingLoggerProvider();
        await using var app = await OutboxHost.StartAsync(database, smtpPort: FreePort.Next(), services: s => s.AddLogging(b => b.AddProvider(logs)));

        await app.Outbox.EnqueueAsync(Message(1));
        Assert.True(await Eventually.TrueAsync(() => logs.Entries.Any(e => e.EventId.Id == 105)), "a retry was scheduled");
        app.UseSmtpPort(relay.Port);
        Assert.True(await Eventually.TrueAsync(() => logs.Entries.Any(e => e.EventId.Id == 105 && e.Message.Contains("SMTP 451", StringComparison.Ordinal))), "a retry after the 451");

        var retries = logs.Entries.Where(e => e.EventId.Id == 105).Select(e => e.Message).ToList();
        Assert.Contains(retries, m => m.Contains("on attempt 1 (no SMTP reply code); next attempt in", StringComparison.Ordinal));
        Assert.All(retries, m => Assert.DoesNotContain("SMTP ,", m, StringComparison.Ordinal));
        Assert.All(retries, m => Assert.DoesNotContain("uncertain: False", m, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PermanentRefusal_550AtRcpt_IsFailedWithTheCodeAndNeverRetried()
    {
        await using var relay = new ScriptedSmtpServer();
        relay.On(SmtpPhase.RcptTo, SmtpAction.Reply(550, "5.1.1 No such user"));
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await OutboxHost.StartAsync(database, relay.Port);

        await app.Outbox.EnqueueAsync(Message(1));

        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).Single().Status == EmailOutboxStatus.Failed));
        var row = (await database.RowsAsync()).Single();
        Assert.Equal(550, row.LastStatusCode);
        Assert.Equal("SMTP", row.LastErrorProvider);
        Assert.Equal("5.1.1", row.LastErrorCode);
        Assert.Equal(1, row.Attempts);
        Assert.Contains("RecipientRejected", row.LastError, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(1)); // ten poll intervals and several retry delays
        Assert.Single(relay.Commands, c => c.Line.StartsWith("MAIL FROM", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(relay.Messages);
    }

    [Fact]
    public async Task TransientFailures_UpToMaxAttempts_ThenFailedWithTheReason()
    {
        await using var relay = new ScriptedSmtpServer();
        relay.On(SmtpPhase.MailFrom, SmtpAction.Reply(451, "4.3.0 Try again later"));
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await OutboxHost.StartAsync(database, relay.Port, o => o.MaxAttempts = 3);

        await app.Outbox.EnqueueAsync(Message(1));

        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).Single().Status == EmailOutboxStatus.Failed));
        var row = (await database.RowsAsync()).Single();
        Assert.Equal(3, row.Attempts);
        Assert.Equal(451, row.LastStatusCode);
        Assert.Equal("4.3.0", row.LastErrorCode);
        Assert.StartsWith("Gave up after 3 attempts.", row.LastError, StringComparison.Ordinal);
        Assert.Equal(3, relay.Commands.Count(c => c.Line.StartsWith("MAIL FROM", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task ConnectionLostAfterTheFinalDot_ByDefault_IsResentOnceWithTheSameMessageId()
    {
        await using var relay = new ScriptedSmtpServer();
        relay.On(SmtpPhase.EndOfData, SmtpAction.AcceptThenClose, onlyConnection: 1);
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await OutboxHost.StartAsync(database, relay.Port);

        var queued = await app.Outbox.EnqueueAsync(Message(1));

        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).Single().Status == EmailOutboxStatus.Sent));
        var row = (await database.RowsAsync()).Single();
        Assert.True(row.DeliveryUncertain);
        Assert.Equal(2, row.Attempts);

        // The documented duplicate: the server kept the first copy, the client could not know; both carry one Message-ID.
        Assert.Equal([queued.MessageId, queued.MessageId], Received.MessageIds(relay));
        Assert.Equal(relay.Messages[0].Content, relay.Messages[1].Content);
    }

    [Fact]
    public async Task ConnectionLostAfterTheFinalDot_WithResendOff_IsFailedAsUncertainAndNotResent()
    {
        await using var relay = new ScriptedSmtpServer();
        relay.On(SmtpPhase.EndOfData, SmtpAction.AcceptThenClose);
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await OutboxHost.StartAsync(database, relay.Port, o => o.ResendWhenDeliveryUncertain = false);

        await app.Outbox.EnqueueAsync(Message(1));

        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).Single().Status == EmailOutboxStatus.Failed));
        var row = (await database.RowsAsync()).Single();
        Assert.True(row.DeliveryUncertain);
        Assert.Contains("may have accepted it", row.LastError, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(relay.Messages);
    }

    [Fact]
    public async Task HostStop_WhileASendHangs_AbortsItAndReleasesTheClaim_TheAttemptStaysMarkedAsStartedWithoutOutcome()
    {
        await using var relay = new ScriptedSmtpServer();
        relay.On(SmtpPhase.Data, SmtpAction.Stall);
        await using var database = await TestDatabase.CreateSqliteAsync();
        var app = await OutboxHost.StartAsync(
            database,
            relay.Port,
            o => o.LeaseDuration = TimeSpan.FromMinutes(5),
            s => s.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(300)));
        await app.Outbox.EnqueueAsync(Message(1));
        Assert.True(await Eventually.TrueAsync(() => relay.DataCommandCount == 1), "the send is in flight");

        await app.DisposeAsync();

        var row = (await database.RowsAsync()).Single();
        Assert.Equal(EmailOutboxStatus.Pending, row.Status);
        Assert.Null(row.ClaimToken);
        Assert.Null(row.ClaimedUntil);
        // The abort may have come after the final dot: the row says an attempt started and got no outcome.
        Assert.Equal(1, row.Attempts);
        Assert.NotNull(row.AttemptStartedAt);
    }

    [Fact]
    public async Task ClaimOfAnInstanceThatDied_IsTakenOverOnlyAfterItsLeaseExpires()
    {
        await using var relay = new ScriptedSmtpServer();
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using (var enqueuer = await OutboxHost.StartAsync(database, relay.Port, o => o.DispatcherEnabled = false))
        {
            await enqueuer.Outbox.EnqueueAsync(Message(1));
        }

        // As a crashed instance leaves it: claimed, lease running, never completed.
        await using (var context = database.CreateContext())
        {
            var row = await context.Outbox.SingleAsync();
            context.Entry(row).Property(r => r.ClaimToken).CurrentValue = Guid.NewGuid();
            context.Entry(row).Property(r => r.ClaimedBy).CurrentValue = "crashed-instance";
            context.Entry(row).Property(r => r.ClaimedUntil).CurrentValue = DateTime.UtcNow.AddSeconds(6);
            await context.SaveChangesAsync();
        }

        await using var app = await OutboxHost.StartAsync(database, relay.Port);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(relay.Messages);

        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).Single().Status == EmailOutboxStatus.Sent));
        Assert.Single(relay.Messages);
        Assert.NotEqual("crashed-instance", (await database.RowsAsync()).Single().ClaimedBy);
    }

    [Fact]
    public async Task SentRows_ArePurgedAfterTheRetention_FailedRowsAreKept()
    {
        await using var relay = new ScriptedSmtpServer();
        relay.Script = (connection, phase) => phase == SmtpPhase.RcptTo && connection == 2 ? SmtpAction.Reply(550, "5.1.1 No such user") : null;
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await OutboxHost.StartAsync(database, relay.Port, o =>
        {
            o.SentRetention = TimeSpan.Zero;
            o.PurgeInterval = TimeSpan.FromMilliseconds(200);
            o.MaxConcurrency = 1;
        });

        await app.Outbox.EnqueueAsync(Message(1));
        Assert.True(await Eventually.TrueAsync(() => relay.Messages.Count == 1));
        await app.Outbox.EnqueueAsync(Message(2));

        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()) is [{ Status: EmailOutboxStatus.Failed }]), "only the failed row is left");
    }

    [Fact]
    public async Task Metrics_CountSentRetriedAndFailed_AndGaugeTheBacklog()
    {
        await using var relay = new ScriptedSmtpServer();
        relay.Script = (connection, phase) => (connection, phase) switch
        {
            (1, SmtpPhase.MailFrom) => SmtpAction.Reply(421, "4.3.2 Busy"),
            (3, SmtpPhase.RcptTo) => SmtpAction.Reply(550, "5.1.1 No such user"),
            _ => null,
        };
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await OutboxHost.StartAsync(database, relay.Port, o => o.MaxConcurrency = 1);
        var meters = app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var sent = new MetricCollector<long>(meters, "Hyperswitch.Email", "hyperswitch.email.outbox.sent");
        using var retried = new MetricCollector<long>(meters, "Hyperswitch.Email", "hyperswitch.email.outbox.retried");
        using var failed = new MetricCollector<long>(meters, "Hyperswitch.Email", "hyperswitch.email.outbox.failed");
        using var pending = new MetricCollector<int>(meters, "Hyperswitch.Email", "hyperswitch.email.outbox.pending");

        await app.Outbox.EnqueueAsync(Message(1)); // 421, then sent on connection 2
        Assert.True(await Eventually.TrueAsync(() => relay.Messages.Count == 1));
        await app.Outbox.EnqueueAsync(Message(2)); // 550 on connection 3

        Assert.True(await Eventually.TrueAsync(() => failed.GetMeasurementSnapshot().Count == 1));
        Assert.Equal(1, sent.GetMeasurementSnapshot().Sum(m => m.Value));
        var retry = Assert.Single(retried.GetMeasurementSnapshot());
        Assert.Equal(false, retry.Tags["hyperswitch.email.delivery_uncertain"]);
        Assert.True(await Eventually.TrueAsync(() =>
        {
            pending.RecordObservableInstruments();
            return pending.LastMeasurement?.Value == 0;
        }), "the backlog gauge returns to zero once the dispatcher has counted again");
    }

    [Fact]
    public async Task HealthCheck_ReportsABacklogWhenDueEmailsAreNotSent_NotWhileRetriesWait()
    {
        // The relay is down: emails are retried with a delay, so none stays due for long; that is not a backlog.
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using (var app = await OutboxHost.StartAsync(
            database,
            FreePort.Next(),
            o => (o.RetryDelay, o.MaxRetryDelay) = (TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)),
            s => s.AddHealthChecks().AddEmailOutbox(maxPendingAge: TimeSpan.FromMilliseconds(300))))
        {
            await app.Outbox.EnqueueAsync(Message(1));
            Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).Single().Attempts == 1));
            await Task.Delay(TimeSpan.FromMilliseconds(500));

            var waiting = (await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["email_outbox"];
            Assert.Equal(HealthStatus.Healthy, waiting.Status);
            Assert.Equal(1, waiting.Data["pending"]);
        }

        // No dispatcher runs (an enqueue-only deployment whose workers are down): due emails pile up.
        await using var enqueueOnly = await OutboxHost.StartAsync(
            database,
            FreePort.Next(),
            o => o.DispatcherEnabled = false,
            s => s.AddHealthChecks().AddEmailOutbox(maxPendingAge: TimeSpan.FromMilliseconds(300)));
        await enqueueOnly.Outbox.EnqueueAsync(Message(2));
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        var backlog = (await enqueueOnly.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["email_outbox"];
        Assert.Equal(HealthStatus.Degraded, backlog.Status);
        Assert.Equal(2, backlog.Data["pending"]);
        Assert.Contains("not keeping up or not running", backlog.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedLogin_IsRetriedNotFailed_AndTheQueueGoesOutOnceThePasswordIsFixed()
    {
        await using var relay = new ScriptedSmtpServer { AuthMechanisms = "PLAIN LOGIN", Credentials = ("mailer", "Corr3ct-H0rse") };
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await OutboxHost.StartAsync(database, relay.Port, settings: new Dictionary<string, string?>
        {
            ["Email:Smtp:Username"] = "mailer",
            ["Email:Smtp:Password"] = "rotated-yesterday",
            ["Email:Smtp:AllowPlaintextAuthentication"] = "true",
        });

        await app.Outbox.EnqueueAsync(Message(1));
        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).Single().Attempts >= 2), "retried");
        var waiting = (await database.RowsAsync()).Single();
        Assert.Equal(EmailOutboxStatus.Pending, waiting.Status);
        Assert.Equal(535, waiting.LastStatusCode);
        Assert.Equal("SMTP", waiting.LastErrorProvider);
        Assert.DoesNotContain("rotated-yesterday", waiting.LastError, StringComparison.Ordinal);

        app.Reconfigure("Email:Smtp:Password", "Corr3ct-H0rse");

        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).Single().Status == EmailOutboxStatus.Sent));
        Assert.Single(relay.Messages);
    }

    [Fact]
    public async Task RequeueFailedAsync_PutsFailedEmailsBackAndTheyAreSent()
    {
        await using var relay = new ScriptedSmtpServer();
        var refuse = true;
        relay.Script = (_, phase) => phase == SmtpPhase.MailFrom && Volatile.Read(ref refuse) ? SmtpAction.Reply(553, "5.7.1 Sender not allowed") : null;
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await OutboxHost.StartAsync(database, relay.Port);
        var queued = await app.Outbox.EnqueueAsync(Message(1));
        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).Single().Status == EmailOutboxStatus.Failed));

        Volatile.Write(ref refuse, false);
        Assert.Equal(1, await app.Outbox.RequeueFailedAsync());

        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).Single().Status == EmailOutboxStatus.Sent));
        Assert.Equal([queued.MessageId], Received.MessageIds(relay));
    }

    [Fact]
    public async Task ASendSlowerThanItsClaim_IsAbortedBeforeTheLeaseEnds_AndRetried()
    {
        await using var relay = new ScriptedSmtpServer();
        relay.On(SmtpPhase.Data, SmtpAction.Stall, onlyConnection: 1);
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await OutboxHost.StartAsync(database, relay.Port, o => o.LeaseDuration = TimeSpan.FromSeconds(2));

        await app.Outbox.EnqueueAsync(Message(1));

        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).Single().Status == EmailOutboxStatus.Sent));
        var row = (await database.RowsAsync()).Single();
        Assert.Equal(2, row.Attempts);
        Assert.Contains("did not finish within the claim", row.LastError, StringComparison.Ordinal);
        Assert.Single(relay.Messages);
    }

    [Fact]
    public async Task InvalidReloadedOptions_AreRefusedAndTheDispatcherGoesOnWithTheLastValidOnes()
    {
        await using var relay = new ScriptedSmtpServer();
        await using var database = await TestDatabase.CreateSqliteAsync();
        var outboxConfiguration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["EmailOutbox:BatchSize"] = "10" })
            .Build();
        await using var app = await OutboxHost.StartAsync(database, relay.Port, services: s => s.AddEmailOutbox<OutboxTestContext>(outboxConfiguration));

        outboxConfiguration["EmailOutbox:BatchSize"] = "0";

        // The options monitor validates again on the reload itself, so the reloading code (here the test, in an app the
        // file watcher) sees the refusal; from then on every read of the options throws.
        Assert.ThrowsAny<Exception>(outboxConfiguration.Reload);
        Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptionsMonitor<EmailOutboxOptions>>().CurrentValue);
        await Task.Delay(TimeSpan.FromMilliseconds(300)); // several turns of the dispatcher's loop with the bad edit
        await app.Outbox.EnqueueAsync(Message(1));

        Assert.True(await Eventually.TrueAsync(() => relay.Messages.Count == 1), "still delivering");
    }

    [Fact]
    public void AddEmailOutbox_OnASecondContext_IsRefused()
    {
        var services = new ServiceCollection().AddEmailOutbox<OutboxTestContext>();

        var refused = Assert.Throws<InvalidOperationException>(() => services.AddEmailOutbox<OtherContext>());

        Assert.Contains("already registered on OutboxTestContext", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidOptions_FailAtStartupNamingEveryKey()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => OutboxHost.StartAsync(database, 25, o =>
        {
            o.BatchSize = 0;
            o.MaxConcurrency = 1000;
            o.MaxRetryDelay = TimeSpan.FromMilliseconds(1);
        }));

        Assert.Contains("EmailOutbox:BatchSize must be between 1 and 1000 (it is 0).", refused.Failures);
        Assert.Contains(refused.Failures, f => f.StartsWith("EmailOutbox:MaxConcurrency", StringComparison.Ordinal));
        Assert.Contains(refused.Failures, f => f.StartsWith("EmailOutbox:MaxRetryDelay", StringComparison.Ordinal));
    }

    private sealed class OtherContext(DbContextOptions<OtherContext> options) : DbContext(options);
}
