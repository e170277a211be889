using Hyperswitch.Email.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Hyperswitch.Email.Suppressions.Tests;

/// <summary>
/// The suppression list on a real PostgreSQL server, where string comparison is case-sensitive and two instances
/// really do insert at the same time: one normalized entry per address and stream, scoped lookups, concurrent adds of
/// the same address, and enqueues and dispatches to a suppressed address refused.
/// </summary>
public sealed class PostgreSqlSuppressionTests(PostgreSqlFixture postgres) : IClassFixture<PostgreSqlFixture>
{
    [Fact]
    public async Task AddAsync_SameAddressSpelledDifferently_IsOneNormalizedEntry()
    {
        var database = await PostgreSqlDatabase.CreateAsync(postgres.Server);
        await using var app = await SuppressionHost.StartAsync(database.Configure, smtpPort: 1, dispatch: false);

        Assert.True(await app.Suppressions.AddAsync(" Jane@Example.COM ", EmailSuppressionReason.Manual, source: "ticket 4711"));
        Assert.False(await app.Suppressions.AddAsync("jane@example.com", EmailSuppressionReason.HardBounce));
        Assert.False(await app.Suppressions.AddAsync("<JANE@EXAMPLE.COM>", EmailSuppressionReason.Complaint));
        Assert.True(await app.Suppressions.AddAsync("jane@Bücher.example", EmailSuppressionReason.Manual));
        Assert.False(await app.Suppressions.AddAsync("JANE@xn--bcher-kva.example", EmailSuppressionReason.Manual));

        var rows = await database.SuppressionRowsAsync();
        Assert.Equal(["jane@example.com", "jane@xn--bcher-kva.example"], rows.Select(r => r.Address));
        Assert.All(rows, r => Assert.Equal(EmailSuppression.AllStreams, r.Stream));
        Assert.Equal(EmailSuppressionReason.Manual, rows[0].Reason);
        Assert.Equal("ticket 4711", rows[0].Source);
        Assert.Equal(DateTimeKind.Utc, rows[0].CreatedAt.Kind);
        // PostgreSQL compares case-sensitively: the lookups find the entries because they normalize too.
        Assert.Single(await app.Suppressions.FindAsync(["JANE@Example.com"]));
        Assert.Single(await app.Suppressions.FindAsync(["Jane@BÜCHER.example"]));
        Assert.Single(await app.Suppressions.ListAsync("Jane@EXAMPLE.com"));
        Assert.Equal(1, await app.Suppressions.RemoveAsync("JANE@example.COM"));
        Assert.Single(await database.SuppressionRowsAsync());
    }

    [Fact]
    public async Task UniqueIndex_SecondRowForTheSameAddressAndStream_IsRefusedByTheDatabase()
    {
        var database = await PostgreSqlDatabase.CreateAsync(postgres.Server);
        await using (var context = database.CreateContext())
        {
            context.Suppressions.Add(Entry("jane@example.com", "newsletter"));
            context.Suppressions.Add(Entry("jane@example.com", EmailSuppression.AllStreams));
            await context.SaveChangesAsync();
        }

        // Written around the list (as a second instance's insert would land): the index keeps one row per address and stream.
        await using var other = database.CreateContext();
        other.Suppressions.Add(Entry("jane@example.com", "newsletter"));
        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => other.SaveChangesAsync());

        Assert.Equal(PostgresErrorCodes.UniqueViolation, Assert.IsType<PostgresException>(refused.InnerException).SqlState);
        Assert.Equal(2, (await database.SuppressionRowsAsync()).Count);
    }

    [Fact]
    public async Task FindAsync_StreamEntry_StopsThatStreamOnly_AllMailEntryStopsEverything()
    {
        var database = await PostgreSqlDatabase.CreateAsync(postgres.Server);
        await using var app = await SuppressionHost.StartAsync(database.Configure, smtpPort: 1, dispatch: false);
        Assert.True(await app.Suppressions.AddAsync("news@example.com", EmailSuppressionReason.Unsubscribe, stream: "Newsletter"));
        Assert.True(await app.Suppressions.AddAsync("news@example.com", EmailSuppressionReason.Unsubscribe, stream: "marketing"));
        Assert.False(await app.Suppressions.AddAsync("NEWS@example.com", EmailSuppressionReason.Unsubscribe, stream: "NEWSLETTER"));
        Assert.True(await app.Suppressions.AddAsync("gone@example.com", EmailSuppressionReason.HardBounce));

        Assert.Equal(["marketing", "newsletter"], (await database.SuppressionRowsAsync()).Where(r => r.Address == "news@example.com").Select(r => r.Stream));
        Assert.Equal("newsletter", Assert.Single(await app.Suppressions.FindAsync(["news@example.com"], "newsletter")).Stream);
        Assert.Single(await app.Suppressions.FindAsync(["News@Example.com"], "NewsLetter"));
        Assert.Empty(await app.Suppressions.FindAsync(["news@example.com"]));
        Assert.Empty(await app.Suppressions.FindAsync(["news@example.com"], "billing"));
        Assert.Single(await app.Suppressions.FindAsync(["GONE@example.com"]));
        Assert.Single(await app.Suppressions.FindAsync(["gone@example.com"], "newsletter"));
        Assert.Equal(2, (await app.Suppressions.FindAsync(["news@example.com", "gone@example.com", "not an address"], "marketing")).Count);
        Assert.Equal(1, await app.Suppressions.RemoveAsync("news@example.com", "marketing"));
        Assert.Empty(await app.Suppressions.FindAsync(["news@example.com"], "marketing"));
        Assert.Single(await app.Suppressions.FindAsync(["news@example.com"], "newsletter"));
    }

    [Fact]
    public async Task AddAsync_SameAddressFromTwoInstancesAtOnce_OneAddsItTheOtherReportsItThere()
    {
        var database = await PostgreSqlDatabase.CreateAsync(postgres.Server);

        // Both inserts are held until both instances have found no entry: the race between the check and the insert,
        // certain instead of likely. The second insert waits for the first's transaction, then the index refuses it.
        var rendezvous = new InsertRendezvous(parties: 2);
        await using var first = await SuppressionHost.StartAsync(options => database.Configure(options.AddInterceptors(rendezvous)), smtpPort: 1, dispatch: false);
        await using var second = await SuppressionHost.StartAsync(options => database.Configure(options.AddInterceptors(rendezvous)), smtpPort: 1, dispatch: false);

        var added = await Task.WhenAll(
            first.Suppressions.AddAsync("jane@example.com", EmailSuppressionReason.HardBounce, source: "first"),
            second.Suppressions.AddAsync("Jane@Example.com", EmailSuppressionReason.Complaint, source: "second"));

        Assert.Equal(2, rendezvous.Arrived);
        Assert.Equal([false, true], added.Order());
        var entry = Assert.Single(await database.SuppressionRowsAsync());
        Assert.Equal("jane@example.com", entry.Address);
        Assert.Equal(added[0] ? "first" : "second", entry.Source);
    }

    [Fact]
    public async Task AddAsync_ManyConcurrentAddsOfOneAddress_FromTwoInstances_AddOneEntryAndNeverThrow()
    {
        var database = await PostgreSqlDatabase.CreateAsync(postgres.Server);
        await using var first = await SuppressionHost.StartAsync(database.Configure, smtpPort: 1, dispatch: false);
        await using var second = await SuppressionHost.StartAsync(database.Configure, smtpPort: 1, dispatch: false);

        var adds = Enumerable.Range(0, 20)
            .Select(i => (i % 2 == 0 ? first : second).Suppressions.AddAsync(i % 3 == 0 ? "JOE@example.com" : "joe@example.com", EmailSuppressionReason.HardBounce, stream: "newsletter"))
            .ToList();
        var added = await Task.WhenAll(adds);

        Assert.Single(added, a => a);
        Assert.Single(await database.SuppressionRowsAsync());
    }

    [Fact]
    public async Task AddEmailAsync_SuppressedRecipient_IsRefusedAndNothingIsQueued_OtherStreamsAndMailStillQueue()
    {
        var database = await PostgreSqlDatabase.CreateAsync(postgres.Server);
        await using var app = await SuppressionHost.StartAsync(database.Configure, smtpPort: 1, dispatch: false);
        await app.Suppressions.AddAsync("gone@example.com", EmailSuppressionReason.HardBounce);
        await app.Suppressions.AddAsync("reader@example.com", EmailSuppressionReason.Unsubscribe, stream: "newsletter");

        var bounced = await Assert.ThrowsAsync<EmailSendException>(() => app.EnqueueAsync(new EmailMessage("Gone@Example.com", "Hi", "<p>x</p>")));
        var bouncedOnItsOwn = await Assert.ThrowsAsync<EmailSendException>(() => app.Outbox.EnqueueAsync(new EmailMessage("gone@example.com", "Hi", "<p>x</p>")));
        var unsubscribed = await Assert.ThrowsAsync<EmailSendException>(() => app.EnqueueAsync(new EmailMessage("READER@example.com", "News", "<p>x</p>").WithStream("newsletter")));
        var reset = await app.EnqueueAsync(new EmailMessage("reader@example.com", "Reset your password", "<p>x</p>"));
        var billing = await app.EnqueueAsync(new EmailMessage("reader@example.com", "Invoice", "<p>x</p>").WithStream("billing"));

        Assert.All([bounced, bouncedOnItsOwn, unsubscribed], e =>
        {
            Assert.Equal(EmailSendFailure.Suppressed, e.Failure);
            Assert.False(e.IsTransient);
        });
        Assert.Equal("gone@example.com", bounced.Mailbox);
        Assert.Equal("reader@example.com", unsubscribed.Mailbox);
        Assert.Equal(new[] { reset.Id, billing.Id }.Order(), (await database.OutboxRowsAsync()).Select(r => r.Id).Order());
    }

    [Fact]
    public async Task Dispatch_RecipientSuppressedAfterEnqueue_FailsTheRowAsSuppressed_AndNothingIsSent()
    {
        var database = await PostgreSqlDatabase.CreateAsync(postgres.Server);
        await using var relay = new ScriptedSmtpServer();

        // Enqueued by an instance that is not dispatching (stopped right after), suppressed, then dispatched by another.
        await using (var before = await SuppressionHost.StartAsync(database.Configure, smtpPort: 1, dispatch: false))
        {
            await before.EnqueueAsync(new EmailMessage("later-gone@example.com", "Queued", "<p>x</p>"));
            await before.EnqueueAsync(new EmailMessage("still-here@example.com", "Queued", "<p>x</p>"));
            await before.Suppressions.AddAsync("Later-Gone@example.com", EmailSuppressionReason.Complaint);
        }

        await using var app = await SuppressionHost.StartAsync(database.Configure, relay.Port);

        Assert.True(await Eventually.TrueAsync(async () => (await database.OutboxRowsAsync()).All(r => r.Status != EmailOutboxStatus.Pending)));
        var rows = await database.OutboxRowsAsync();
        var failed = Assert.Single(rows, r => r.Status == EmailOutboxStatus.Failed);
        Assert.Contains("later-gone@example.com", System.Text.Encoding.UTF8.GetString(failed.Content), StringComparison.Ordinal);
        Assert.Contains("suppression list", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(1, failed.Attempts);
        Assert.Single(rows, r => r.Status == EmailOutboxStatus.Sent);
        var message = Assert.Single(relay.Messages);
        Assert.Contains("still-here@example.com", message.Content, StringComparison.Ordinal);
    }

    private static EmailSuppression Entry(string address, string stream) => new()
    {
        Id = Guid.NewGuid(),
        Address = address,
        Stream = stream,
        Reason = EmailSuppressionReason.Manual,
        Source = "test",
        CreatedAt = DateTime.UtcNow,
    };

    /// <summary>Holds every save that inserts a suppression until <paramref name="parties"/> of them have arrived (bounded: 30 s).</summary>
    private sealed class InsertRendezvous(int parties) : SaveChangesInterceptor
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public int Arrived => Volatile.Read(ref _arrived);

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context!.ChangeTracker.Entries<EmailSuppression>().Any(e => e.State == EntityState.Added))
            {
                if (Interlocked.Increment(ref _arrived) == parties)
                {
                    _all.TrySetResult();
                }

                await _all.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }

            return result;
        }
    }
}
