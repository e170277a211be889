using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Hyperswitch.Email.EntityFrameworkCore.Tests;

/// <summary>Several dispatchers on one real PostgreSQL database, and one killed mid-batch.</summary>
public sealed class PostgreSqlOutboxTests(PostgreSqlFixture postgres, ITestOutputHelper output) : IClassFixture<PostgreSqlFixture>
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task ThreeDispatchers_TwoThousandEmails_WithRelayFaults_EachDeliveredOnceApartFromLostReplies()
    {
        const int Emails = 2000;
        await using var relay = new ScriptedSmtpServer();

        // Faults on a share of the connections: 451 at RCPT, the connection dropped at MAIL FROM (both transient, the
        // server has nothing), and the documented ambiguous case: the message kept, the reply to the final dot lost.
        relay.Script = (connection, phase) => phase switch
        {
            SmtpPhase.RcptTo when connection % 13 == 0 => SmtpAction.Reply(451, "4.7.1 Try again later"),
            SmtpPhase.MailFrom when connection % 17 == 0 => SmtpAction.Close,
            SmtpPhase.EndOfData when connection % 97 == 0 => SmtpAction.AcceptThenClose,
            _ => null,
        };
        await using var database = await TestDatabase.CreatePostgreSqlAsync(postgres.Server);
        var instances = new List<OutboxHost>();
        for (var i = 0; i < 3; i++)
        {
            instances.Add(await OutboxHost.StartAsync(database, relay.Port, o =>
            {
                o.BatchSize = 25;
                o.MaxConcurrency = 4;
                o.RetryDelay = TimeSpan.FromMilliseconds(50);
                o.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
            }));
        }

        try
        {
            // Enqueued through all three instances, in batches committed together, while they dispatch.
            var clock = Stopwatch.StartNew();
            var queued = new List<string>();
            for (var batch = 0; batch < Emails / 100; batch++)
            {
                using var scope = instances[batch % 3].Services.CreateScope();
                var context = scope.ServiceProvider.GetRequiredService<OutboxTestContext>();
                for (var n = 0; n < 100; n++)
                {
                    var number = (batch * 100) + n;
                    queued.Add(context.AddEmail(new EmailMessage($"user{number}@example.com", $"Invite {number}", $"<p>Invite {number}</p>")).MessageId);
                }

                await context.SaveChangesAsync();
            }

            Assert.True(
                await Eventually.TrueAsync(async () => await CountAsync(database, EmailOutboxStatus.Pending) == 0, DeliveryTimeout),
                $"all delivered; {await CountAsync(database, EmailOutboxStatus.Pending)} still pending");
            clock.Stop();

            var rows = await database.RowsAsync();
            var received = Received.MessageIds(relay);
            var duplicates = received.GroupBy(id => id).Where(g => g.Count() > 1).ToList();
            // Each message kept on a connection whose reply was lost is one extra copy (an email can lose two replies).
            var lostReplies = relay.Messages.Where(m => m.Connection % 97 == 0).Select(m => Received.MessageId(m.Content)).ToList();
            var uncertain = lostReplies.Count;
            output.WriteLine(
                $"{Emails} emails, 3 dispatchers: {received.Count} messages received in {clock.Elapsed.TotalSeconds:0.0} s over {relay.ConnectionCount} connections; " +
                $"{rows.Sum(r => r.Attempts) - Emails} retries; {uncertain} replies lost after the final dot; {duplicates.Sum(g => g.Count() - 1)} duplicates; " +
                $"claimed by {string.Join(", ", rows.GroupBy(r => r.ClaimedBy).Select(g => $"{g.Key}: {g.Count()}"))}");

            Assert.All(rows, r => Assert.Equal(EmailOutboxStatus.Sent, r.Status));
            Assert.Equal(queued.Order(), received.Distinct().Order());

            // The only duplicates are the messages whose reply was lost after the server kept them: resent, same Message-ID.
            Assert.Equal(uncertain, duplicates.Sum(g => g.Count() - 1));
            Assert.All(duplicates, d => Assert.Equal(lostReplies.Count(id => id == d.Key), d.Count() - 1));
            Assert.Equal(lostReplies.Distinct().Order(), rows.Where(r => r.DeliveryUncertain).Select(r => r.MessageId).Order());
            Assert.Equal(3, rows.Select(r => r.ClaimedBy).Distinct().Count());
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task DispatcherKilledMidBatch_AnotherInstanceTakesOverAfterTheLease_NothingLost()
    {
        const int Emails = 400;
        await using var relay = new ScriptedSmtpServer();
        await using var database = await TestDatabase.CreatePostgreSqlAsync(postgres.Server);
        var queued = new List<string>();
        await using (var enqueuer = await OutboxHost.StartAsync(database, relay.Port, o => o.DispatcherEnabled = false))
        {
            using var scope = enqueuer.Services.CreateScope();
            var context = scope.ServiceProvider.GetRequiredService<OutboxTestContext>();
            for (var n = 0; n < Emails; n++)
            {
                queued.Add(context.AddEmail(new EmailMessage($"user{n}@example.com", $"Welcome {n}", $"<p>Welcome {n}</p>")).MessageId);
            }

            await context.SaveChangesAsync();
        }

        // A dispatcher in its own process, killed (SIGKILL: no shutdown, no release) while it is sending. Once 60 have
        // arrived the relay stops answering RCPT, so that the kill lands mid-batch with sends in flight.
        var hang = false;
        relay.Script = (_, phase) => phase == SmtpPhase.RcptTo && Volatile.Read(ref hang) ? SmtpAction.Stall : null;
        using (var worker = WorkerProcess.Start(database.ConnectionString, relay.Port, "worker-killed"))
        {
            Assert.True(await Eventually.TrueAsync(() => relay.Messages.Count >= 60, TimeSpan.FromSeconds(60)), "the worker is sending");
            Volatile.Write(ref hang, true);
            Assert.True(await Eventually.TrueAsync(() => relay.OpenConnections >= 4), "the worker's sends are in flight");
            await worker.KillAsync();
        }

        Volatile.Write(ref hang, false);

        var afterKill = await database.RowsAsync();
        var orphaned = afterKill.Count(r => r.Status == EmailOutboxStatus.Pending && r.ClaimedBy == "worker-killed" && r.ClaimToken is not null);
        var receivedBeforeTakeover = relay.Messages.Count;
        Assert.True(orphaned > 0, "the worker died holding claims");

        await using (var survivor = await OutboxHost.StartAsync(database, relay.Port, o => o.InstanceName = "survivor"))
        {
            Assert.True(
                await Eventually.TrueAsync(async () => await CountAsync(database, EmailOutboxStatus.Pending) == 0, DeliveryTimeout),
                "the survivor delivered everything");
        }

        var rows = await database.RowsAsync();
        var received = Received.MessageIds(relay);
        var duplicates = received.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        // A duplicate can only be an email the worker handed to the server but was killed before recording as sent:
        // it was still claimed by the worker when it died, and the copy the survivor sent carries the same Message-ID.
        var claimedAtDeath = afterKill.Where(r => r.ClaimToken is not null).Select(r => r.MessageId).ToHashSet();
        output.WriteLine(
            $"{Emails} emails; the worker had delivered {receivedBeforeTakeover} when killed and held {orphaned} claims; " +
            $"the survivor sent {received.Count - receivedBeforeTakeover}; {duplicates.Count} duplicates (sent but not yet recorded when the worker died).");
        Assert.All(rows, r => Assert.Equal(EmailOutboxStatus.Sent, r.Status));
        Assert.Equal(queued.Order(), received.Distinct().Order());
        Assert.All(duplicates, id => Assert.Contains(id, claimedAtDeath));
        Assert.True(duplicates.Count <= 4, $"at most the worker's concurrency (4) can be in flight; {duplicates.Count} duplicates");
        Assert.Contains(rows, r => r.ClaimedBy == "survivor");
    }

    [Fact]
    public async Task AFinalFailureWithAReplyLongerThanItsColumn_IsStillRecorded()
    {
        // PostgreSQL enforces the column's 2,000 characters (SQLite does not): an error text over it must not fail the
        // update, which would leave the claim to expire and the email to be sent again and again. The server's text is
        // scrubbed and cut short before it reaches the exception (docs/reliability.md), so the row keeps the code only.
        await using var relay = new ScriptedSmtpServer();
        relay.On(SmtpPhase.RcptTo, SmtpAction.Reply(550, "5.1.1 " + new string('x', 2500)));
        await using var database = await TestDatabase.CreatePostgreSqlAsync(postgres.Server);
        await using var app = await OutboxHost.StartAsync(database, relay.Port);

        await app.Outbox.EnqueueAsync(new EmailMessage("nobody@example.com", "Hi", "<p>x</p>"));

        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).Single().Status == EmailOutboxStatus.Failed));
        var error = (await database.RowsAsync()).Single().LastError!;
        Assert.InRange(error.Length, 1, 2000);
        Assert.Contains("550", error, StringComparison.Ordinal);
        Assert.Contains("5.1.1", error, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 400), error, StringComparison.Ordinal);
        Assert.Single(relay.Commands, c => c.Line.StartsWith("RCPT TO", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task EnqueueAsync_SameKeyFromThreeInstancesAtOnce_StoresOneEmailAndReturnsItToEveryCaller()
    {
        await using var relay = new ScriptedSmtpServer();
        await using var database = await TestDatabase.CreatePostgreSqlAsync(postgres.Server);
        var instances = new List<OutboxHost>();
        for (var i = 0; i < 3; i++)
        {
            instances.Add(await OutboxHost.StartAsync(database, relay.Port));
        }

        try
        {
            var options = new EmailEnqueueOptions { IdempotencyKey = $"order-{Guid.NewGuid():N}" };
            var rows = await Task.WhenAll(Enumerable.Range(0, 30).Select(n =>
                Task.Run(() => instances[n % 3].Outbox.EnqueueAsync(new EmailMessage("jane@example.com", "Your order", "<p>shipped</p>"), options))));

            Assert.Single(rows.Select(r => r.Id).Distinct());
            var stored = Assert.Single(await database.RowsAsync());
            Assert.Equal(rows[0].Id, stored.Id);
            Assert.True(await Eventually.TrueAsync(async () => await CountAsync(database, EmailOutboxStatus.Sent) == 1, DeliveryTimeout));
            Assert.Single(relay.Messages);
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    private static async Task<int> CountAsync(TestDatabase database, EmailOutboxStatus status)
    {
        await using var context = database.CreateContext();
        return await context.Outbox.CountAsync(r => r.Status == status);
    }
}
