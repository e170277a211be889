using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Hyperswitch.Email.EntityFrameworkCore.Tests;

/// <summary>
/// <c>Email:RateLimit</c> through the outbox: dispatchers in processes of their own share it through PostgreSQL, and a
/// relay that throttles makes the dispatcher slow down rather than fail emails. Arrivals are counted at the relay.
/// </summary>
public sealed class OutboxRateLimitTests(PostgreSqlFixture postgres, ITestOutputHelper output) : IClassFixture<PostgreSqlFixture>
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task ThreeDispatcherProcesses_RateLimitOfTwentyPerSecond_TogetherStayWithinIt()
    {
        const int Emails = 300;
        await using var relay = new ScriptedSmtpServer();
        await using var database = await TestDatabase.CreatePostgreSqlAsync(postgres.Server);
        await using (var enqueuer = await OutboxHost.StartAsync(database, relay.Port, o => o.DispatcherEnabled = false))
        {
            using var scope = enqueuer.Services.CreateScope();
            var context = scope.ServiceProvider.GetRequiredService<OutboxTestContext>();
            for (var n = 0; n < Emails; n++)
            {
                context.AddEmail(new EmailMessage($"user{n}@example.com", $"Invite {n}", $"<p>Invite {n}</p>"));
            }

            await context.SaveChangesAsync();
        }

        // Three dispatchers in processes of their own, each configured with the application's limit of 20/s.
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(1, 3).Select(i => WorkerProcess.Start(database.ConnectionString, relay.Port, $"paced-{i}", rateLimitPerSecond: 20)).ToList();
        try
        {
            Assert.True(
                await Eventually.TrueAsync(async () => await CountAsync(database, EmailOutboxStatus.Sent) == Emails, DeliveryTimeout),
                $"all sent; {await CountAsync(database, EmailOutboxStatus.Sent)} sent. {string.Join(Environment.NewLine, workers.Select(w => w.Output))}");
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }

        clock.Stop();
        var rows = await database.RowsAsync();
        var arrivals = relay.Messages.Select(m => m.ReceivedAt).ToList();
        var perSecond = Arrivals.PerSecond(arrivals);
        var busiest = Arrivals.MaxInAnyWindow(arrivals, TimeSpan.FromSeconds(1));
        var mean = Arrivals.MeanPerSecond(arrivals);
        output.WriteLine(
            $"{Emails} emails, 3 dispatcher processes on one PostgreSQL, Email:RateLimit 20/s: mean {mean:0.0}/s, busiest 1 s window {busiest}, " +
            $"per second [{string.Join(", ", perSecond)}]; sent by {string.Join(", ", rows.GroupBy(r => r.ClaimedBy).Select(g => $"{g.Key}: {g.Count()}"))}; {clock.Elapsed.TotalSeconds:0.0} s with start-up");

        Assert.Equal(Emails, Received.MessageIds(relay).Distinct().Count());

        // Together within the limit, as counted per second at the relay: the documented tolerance (10 %), and a
        // generous bound on the busiest sliding second (the jitter of a shared machine between a turn and its arrival).
        // The mean only has a generous floor: on a loaded machine, turns a dispatcher woke up for too late are given up.
        Assert.All(perSecond, count => Assert.InRange(count, 0, 22));
        Assert.InRange(busiest, 1, 26);
        Assert.InRange(mean, 5, 22);
    }

    [Fact]
    public async Task Dispatcher_RelayThrottlingAboveTenPerSecond_SettlesBelowItWithNoEmailFailed()
    {
        const int Emails = 200;
        const int RelayRate = 10;
        await using var relay = new ScriptedSmtpServer();

        // Amazon SES's answer over its sending rate: more than 10 accepted in the last second is throttled.
        var accepted = new Queue<DateTime>();
        var attempts = new List<(DateTime At, bool Throttled)>();
        relay.Script = (_, phase) =>
        {
            if (phase != SmtpPhase.MailFrom)
            {
                return null;
            }

            lock (accepted)
            {
                var now = DateTime.UtcNow;
                while (accepted.Count > 0 && now - accepted.Peek() >= TimeSpan.FromSeconds(1))
                {
                    accepted.Dequeue();
                }

                var throttled = accepted.Count >= RelayRate;
                attempts.Add((now, throttled));
                if (throttled)
                {
                    return SmtpAction.Reply(454, "4.7.0 Throttling failure: Maximum sending rate exceeded.");
                }

                accepted.Enqueue(now);
                return null;
            }
        };
        await using var database = await TestDatabase.CreateSqliteAsync();
        var logs = new CapturingLoggerProvider();
        await using var app = await OutboxHost.StartAsync(
            database,
            relay.Port,
            o =>
            {
                o.BatchSize = 50;
                o.MaxConcurrency = 4;
            },
            services: s => s.AddLogging(b => b.AddProvider(logs)),
            settings: new Dictionary<string, string?> { ["Email:RateLimit:PermitLimit"] = "20" });

        var clock = Stopwatch.StartNew();
        using (var scope = app.Services.CreateScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<OutboxTestContext>();
            for (var n = 0; n < Emails; n++)
            {
                context.AddEmail(new EmailMessage($"user{n}@example.com", $"Invite {n}", $"<p>Invite {n}</p>"));
            }

            await context.SaveChangesAsync();
        }

        Assert.True(
            await Eventually.TrueAsync(async () => await CountAsync(database, EmailOutboxStatus.Pending) == 0, DeliveryTimeout),
            $"all delivered; {await CountAsync(database, EmailOutboxStatus.Pending)} still pending; {string.Join(Environment.NewLine, logs.Entries.Where(e => e.Level >= LogLevel.Warning).Take(20))}");
        clock.Stop();

        var rows = await database.RowsAsync();
        (DateTime At, bool Throttled)[] tried;
        lock (accepted)
        {
            tried = [.. attempts];
        }

        var secondHalf = tried.Skip(tried.Length / 2).ToArray();
        var throttledLate = secondHalf.Count(a => a.Throttled);
        var triedRateLate = Arrivals.MeanPerSecond(secondHalf.Select(a => a.At));
        var sentRate = Arrivals.MeanPerSecond(relay.Messages.Select(m => m.ReceivedAt));
        output.WriteLine(
            $"{Emails} emails, Email:RateLimit 20/s, relay throttling above {RelayRate}/s: {clock.Elapsed.TotalSeconds:0.0} s, {tried.Count(a => a.Throttled)} throttled replies " +
            $"({throttledLate} in the second half of {secondHalf.Length} tries), tried {triedRateLate:0.0}/s in the second half, delivered {sentRate:0.0}/s, " +
            $"attempts per email max {rows.Max(r => r.Attempts)}");

        // No email failed: throttled ones were retried, and the dispatcher slowed down instead of hammering the relay.
        Assert.All(rows, r => Assert.Equal(EmailOutboxStatus.Sent, r.Status));
        Assert.Equal(Emails, Received.MessageIds(relay).Distinct().Count());
        Assert.Contains(tried, a => a.Throttled);
        Assert.InRange(triedRateLate, 1, RelayRate * 1.3);
        Assert.InRange(throttledLate, 0, secondHalf.Length / 4);
    }

    [Fact]
    public async Task Dispatcher_EmailsWaitingForTheirTurn_HaveNoAttemptStartedAndAreReleasedAtStop()
    {
        await using var relay = new ScriptedSmtpServer();
        await using var database = await TestDatabase.CreateSqliteAsync();
        var app = await OutboxHost.StartAsync(
            database,
            relay.Port,
            settings: new Dictionary<string, string?> { ["Email:RateLimit:PermitLimit"] = "1", ["Email:RateLimit:Period"] = "01:00:00" });
        try
        {
            using (var scope = app.Services.CreateScope())
            {
                var context = scope.ServiceProvider.GetRequiredService<OutboxTestContext>();
                for (var n = 0; n < 3; n++)
                {
                    context.AddEmail(new EmailMessage($"user{n}@example.com", $"Invite {n}", "<p>Hi</p>"));
                }

                await context.SaveChangesAsync();
            }

            // One email an hour: the first goes, the other two wait for their turns, claimed but not attempted.
            Assert.True(await Eventually.TrueAsync(async () => await CountAsync(database, EmailOutboxStatus.Sent) == 1), "the first is sent");
            var waiting = (await database.RowsAsync()).Where(r => r.Status == EmailOutboxStatus.Pending).ToList();
            Assert.Equal(2, waiting.Count);
            Assert.All(waiting, r => Assert.Equal(0, r.Attempts));
            Assert.All(waiting, r => Assert.Null(r.AttemptStartedAt));
            Assert.Single(relay.Messages);
        }
        finally
        {
            await app.DisposeAsync();
        }

        // Stopped while they waited: released, not attempted, nothing more sent; the turn waited for is given back, so
        // the next free turn is the one after the first email's (an hour after it), not two.
        var rows = await database.RowsAsync();
        Assert.Equal(2, rows.Count(r => r.Status == EmailOutboxStatus.Pending && r.Attempts == 0 && r.ClaimToken is null && r.AttemptStartedAt is null));
        Assert.Single(relay.Messages);
        await using var check = database.CreateContext();
        var nextTurn = new DateTime(await check.Database.SqlQueryRaw<long>("SELECT \"NextTurn\" AS \"Value\" FROM \"EmailOutboxRateLimit\"").SingleAsync(), DateTimeKind.Utc);
        var sentAt = rows.Single(r => r.Status == EmailOutboxStatus.Sent).CompletedAt!.Value;
        Assert.InRange(nextTurn - sentAt, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
    }

    [Fact]
    public async Task StartAsync_RateLimitWithoutItsTable_FailsNamingWhatToAdd()
    {
        var folder = Directory.CreateTempSubdirectory("outbox-no-limit-table-").FullName;
        try
        {
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Email:SenderEmail"] = "no-reply@shop.example",
                ["Email:Smtp:Host"] = "127.0.0.1",
                ["Email:RateLimit:PermitLimit"] = "20",
            });
            builder.Services.AddSmtpEmail(builder.Configuration);
            builder.Services.AddDbContext<OutboxOnlyContext>(o => o.UseSqlite($"Data Source={Path.Combine(folder, "app.db")}"));
            builder.Services.AddEmailOutbox<OutboxOnlyContext>();
            using var host = builder.Build();

            // A limit each instance applied on its own would let N instances send N times it: refused at startup.
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

            Assert.Contains("AddEmailOutboxRateLimit()", failure.Message, StringComparison.Ordinal);
            Assert.Contains("Email:RateLimit", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A context with the outbox but not its rate-limit table.</summary>
    private sealed class OutboxOnlyContext(DbContextOptions<OutboxOnlyContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddEmailOutbox();
    }

    private static async Task<int> CountAsync(TestDatabase database, EmailOutboxStatus status)
    {
        await using var context = database.CreateContext();
        return await context.Outbox.CountAsync(r => r.Status == status);
    }
}
