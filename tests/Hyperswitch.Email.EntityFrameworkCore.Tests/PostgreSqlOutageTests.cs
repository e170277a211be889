using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Hyperswitch.Email.EntityFrameworkCore.Tests;

/// <summary>
/// Outcomes that cannot be written, and dispatchers that die between the server's 250 and the outcome, on a real
/// PostgreSQL of this class's own (one of its tests stops it).
/// </summary>
public sealed class PostgreSqlOutageTests(DurablePostgreSqlFixture postgres, ITestOutputHelper output) : IClassFixture<DurablePostgreSqlFixture>
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan OutageLease = TimeSpan.FromSeconds(6);

    private static EmailMessage Message(int n) => new($"user{n}@example.com", $"Welcome {n}", $"<p>Welcome {n}</p>");

    [Fact]
    public async Task DatabaseStoppedMidBatch_LongerThanTheLease_NoAcceptedEmailIsSentAgain_EveryRowSent()
    {
        const int Emails = 20;
        await using var relay = new ScriptedSmtpServer();
        await using var database = await TestDatabase.CreatePostgreSqlAsync(postgres.Server);

        // The sends in flight when the first message reaches the relay wait at the final dot until the database is down;
        // then the relay accepts them, and their outcomes cannot be written.
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var down = new ManualResetEventSlim();
        relay.Script = (_, phase) =>
        {
            if (phase == SmtpPhase.EndOfData && !down.IsSet)
            {
                reached.TrySetResult();
                down.Wait(TimeSpan.FromSeconds(30));
            }

            return null;
        };
        var logs = new CapturingLoggerProvider();
        var instances = new List<OutboxHost>();
        try
        {
            // Two instances: the one that claims the batch, and one that would take it over once the lease expires.
            foreach (var name in new[] { "first", "second" })
            {
                instances.Add(await OutboxHost.StartAsync(
                    database,
                    relay.Port,
                    o =>
                    {
                        o.InstanceName = name;
                        // Longer than the sends are held at the final dot while the database stops, so that none of them
                        // times out (which would be an uncertain outcome, rightly resent).
                        o.LeaseDuration = OutageLease;
                        o.BatchSize = 50;
                        o.MaxConcurrency = 4;
                    },
                    s => s.AddLogging(b => b.AddProvider(logs)),
                    // The sends are held at the final dot while the database stops: they must not time out meanwhile.
                    new Dictionary<string, string?> { ["Email:Smtp:Timeout"] = "60" }));
            }

            await EnqueueAsync(database, relay.Port, Emails);
            await reached.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await postgres.Server.StopImmediatelyAsync();
            down.Set();
            Assert.True(await Eventually.TrueAsync(() => relay.Messages.Count >= 1), "the relay accepted the sends in flight");
            await Task.Delay(OutageLease + TimeSpan.FromSeconds(3)); // an outage longer than the lease: every claim has expired when the database is back
            var acceptedDuringOutage = relay.Messages.Count;
            await postgres.Server.RestartAsync();

            Assert.True(
                await Eventually.TrueAsync(async () => (await database.RowsAsync()).All(r => r.Status == EmailOutboxStatus.Sent), TimeSpan.FromSeconds(60)),
                "every email is recorded as sent once the database is back");
            await Task.Delay(Lease); // time for a wrong resend to show
            var rows = await database.RowsAsync();
            var received = Received.MessageIds(relay);
            output.WriteLine($"{acceptedDuringOutage} accepted while the database was down; {received.Count} received in all");
            var duplicated = received.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
            foreach (var entry in logs.Entries.Where(e => duplicated.Any(id => e.Message.Contains(id, StringComparison.Ordinal))))
            {
                output.WriteLine($"DIAG {entry.Category.Split('.')[^1]} {entry.EventId.Id} {entry.Message}");
            }

            foreach (var row in rows.Where(r => duplicated.Contains(r.MessageId)))
            {
                output.WriteLine($"DIAG row {row.MessageId} {row.Status} attempts {row.Attempts} by {row.ClaimedBy} uncertain {row.DeliveryUncertain} {row.LastError}");
            }

            Assert.True(acceptedDuringOutage >= 1);
            Assert.Equal(rows.Select(r => r.MessageId).Order(), received.Order()); // each exactly once
            Assert.All(rows, r =>
            {
                Assert.Equal(1, r.Attempts);
                Assert.False(r.DeliveryUncertain);
                Assert.Null(r.AttemptStartedAt);
            });
            Assert.Contains(logs.Entries, e => e.EventId.Id == 108); // an outcome could not be written, and was retried
            Assert.Contains(logs.Entries, e => e.EventId.Id == 121);
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OutcomeWriteFailsOnce_IsRetriedAndWritten_WithItsUncertainFlag(bool connectionLostAfterTheFinalDot)
    {
        await using var relay = new ScriptedSmtpServer();
        if (connectionLostAfterTheFinalDot)
        {
            relay.On(SmtpPhase.EndOfData, SmtpAction.AcceptThenClose, onlyConnection: 1);
        }

        await using var database = await TestDatabase.CreatePostgreSqlAsync(postgres.Server);
        var failOnce = new FailFirstOutcomeWrite();
        await using var app = await OutboxHost.StartAsync(database, relay.Port, context: o => o.AddInterceptors(failOnce));

        var queued = await app.Outbox.EnqueueAsync(Message(1));

        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).Single().Status == EmailOutboxStatus.Sent), "sent");
        await Task.Delay(Lease);
        var row = (await database.RowsAsync()).Single();
        Assert.Equal(1, failOnce.Failures);
        Assert.Equal(connectionLostAfterTheFinalDot, row.DeliveryUncertain);
        Assert.Equal(connectionLostAfterTheFinalDot ? 2 : 1, row.Attempts);
        // Once per attempt that reached the final dot: the failed write did not make it go out again.
        Assert.Equal(Enumerable.Repeat(queued.MessageId, row.Attempts), Received.MessageIds(relay));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DispatcherKilledAfterThe250BeforeItsOutcome_IsHandledByTheSetting(bool resend)
    {
        await using var relay = new ScriptedSmtpServer();
        await using var database = await TestDatabase.CreatePostgreSqlAsync(postgres.Server);
        var queued = (await EnqueueAsync(database, relay.Port, 1)).Single();

        using (var worker = WorkerProcess.Start(database.ConnectionString, relay.Port, "killed", resend, hangAfterSend: true))
        {
            // Generous: on two busy cores a fresh process takes a while to start its host and claim; it stops waiting at
            // once if the worker died, and says what the worker printed.
            var accepted = await Eventually.TrueAsync(() => worker.Lines.Contains($"accepted {queued}") || worker.HasExited, TimeSpan.FromSeconds(120));
            Assert.True(accepted && !worker.HasExited, $"the relay answered 250 to the final dot; relay received {relay.Messages.Count} message(s); worker:{Environment.NewLine}{worker.Output}");
            await worker.KillAsync();
        }

        var orphan = (await database.RowsAsync()).Single();
        Assert.Equal(EmailOutboxStatus.Pending, orphan.Status);
        Assert.Equal(1, orphan.Attempts);
        Assert.NotNull(orphan.AttemptStartedAt);
        Assert.Single(relay.Messages);

        await using var survivor = await OutboxHost.StartAsync(database, relay.Port, o =>
        {
            o.InstanceName = "survivor";
            o.ResendWhenDeliveryUncertain = resend;
        });

        var expected = resend ? EmailOutboxStatus.Sent : EmailOutboxStatus.Failed;
        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).Single().Status == expected, TimeSpan.FromSeconds(30)), $"{expected}");
        await Task.Delay(Lease);
        var row = (await database.RowsAsync()).Single();
        Assert.True(row.DeliveryUncertain);
        Assert.Null(row.AttemptStartedAt);
        Assert.Equal("survivor", row.ClaimedBy);
        Assert.Contains($"Attempt 1 started at {orphan.AttemptStartedAt:O} and got no outcome", row.LastError, StringComparison.Ordinal);
        Assert.Equal(resend ? 2 : 1, row.Attempts);
        Assert.Equal(Enumerable.Repeat(queued, resend ? 2 : 1), Received.MessageIds(relay)); // resent once with the same Message-ID, or not at all
    }

    private static async Task<List<string>> EnqueueAsync(TestDatabase database, int smtpPort, int count)
    {
        await using var enqueuer = await OutboxHost.StartAsync(database, smtpPort, o => o.DispatcherEnabled = false);
        using var scope = enqueuer.Services.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<OutboxTestContext>();
        var queued = Enumerable.Range(0, count).Select(n => context.AddEmail(Message(n)).MessageId).ToList();
        await context.SaveChangesAsync();
        return queued;
    }

    /// <summary>Fails the first save that writes an outcome (the row's claim ending), as a database that went away for a moment.</summary>
    private sealed class FailFirstOutcomeWrite : SaveChangesInterceptor
    {
        private int _failures;

        public int Failures => Volatile.Read(ref _failures);

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            var outcome = eventData.Context!.ChangeTracker.Entries<EmailOutboxMessage>()
                .Any(e => e.State == EntityState.Modified && e.Property(m => m.ClaimToken).CurrentValue is null);
            if (outcome && Interlocked.CompareExchange(ref _failures, 1, 0) == 0)
            {
                throw new TestDatabaseException("The database went away for a moment.");
            }

            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }

    private sealed class TestDatabaseException(string message) : DbException(message);
}
