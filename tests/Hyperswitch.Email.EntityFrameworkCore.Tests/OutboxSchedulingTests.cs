using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hyperswitch.Email.EntityFrameworkCore.Tests;

/// <summary>Scheduled, cancelled and idempotent enqueue, delivered to a real SMTP sink (smtp4dev), on SQLite.</summary>
public sealed class OutboxSchedulingTests(Smtp4devPlainFixture smtp) : IClassFixture<Smtp4devPlainFixture>
{
    private Smtp4dev Sink => smtp.Sink;

    [Fact]
    public async Task AddEmailAsync_WithNotBefore_WaitsWhileLaterEmailsGoAndIsSentAfterItsTime()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await OutboxHost.StartAsync(database, Sink.SmtpPort);
        var scheduled = $"Reminder {Guid.NewGuid():N}";
        var now = $"Now {Guid.NewGuid():N}";
        var notBefore = DateTimeOffset.UtcNow.AddSeconds(3);

        using (var scope = app.Services.CreateScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<OutboxTestContext>();
            await context.AddEmailAsync(new EmailMessage("jane@example.com", scheduled, "<p>in a while</p>"), new EmailEnqueueOptions { NotBefore = notBefore });
            await context.AddEmailAsync(new EmailMessage("jane@example.com", now, "<p>at once</p>"));
            await context.SaveChangesAsync();
        }

        // The email queued after it, due at once, has gone through the dispatcher; the scheduled one has not.
        await Sink.WaitForMessageAsync(now);
        Assert.False(await Sink.HasMessageAsync(scheduled));
        // The sink has the message before the dispatcher records its outcome: wait for that, then look at the other row.
        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).Count(r => r.Status == EmailOutboxStatus.Sent) == 1), "the first is recorded as sent");
        var waiting = (await database.RowsAsync()).Single(r => r.Status == EmailOutboxStatus.Pending);
        Assert.Equal(0, waiting.Attempts);
        Assert.Equal(notBefore.UtcDateTime, waiting.NextAttemptAt, TimeSpan.FromMilliseconds(1));

        await Sink.WaitForMessageAsync(scheduled);
        Assert.True(DateTimeOffset.UtcNow >= notBefore);
        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).All(r => r.Status == EmailOutboxStatus.Sent)));
    }

    [Fact]
    public async Task CancelAsync_BeforeItsTime_NeverSendsItAndMarksItCancelled()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await OutboxHost.StartAsync(database, Sink.SmtpPort);
        var cancelled = $"Cancelled {Guid.NewGuid():N}";
        var later = $"Later {Guid.NewGuid():N}";

        var row = await app.Outbox.EnqueueAsync(new EmailMessage("bob@example.com", cancelled, "<p>never</p>"), new EmailEnqueueOptions { NotBefore = DateTimeOffset.UtcNow.AddSeconds(2) });
        Assert.True(await app.Outbox.CancelAsync(row.Id));

        // An email due after the cancelled one's time is sent: the dispatcher went past it.
        await app.Outbox.EnqueueAsync(new EmailMessage("bob@example.com", later, "<p>sent</p>"), new EmailEnqueueOptions { NotBefore = DateTimeOffset.UtcNow.AddSeconds(3) });
        await Sink.WaitForMessageAsync(later);

        Assert.False(await Sink.HasMessageAsync(cancelled));
        var stored = (await database.RowsAsync()).Single(r => r.Id == row.Id);
        Assert.Equal(EmailOutboxStatus.Cancelled, stored.Status);
        Assert.Equal(0, stored.Attempts);
        Assert.NotNull(stored.CompletedAt);
        Assert.False(await app.Outbox.CancelAsync(row.Id));
    }

    [Fact]
    public async Task CancelAsync_AfterItWasSent_ReturnsFalseAndLeavesItSent()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await OutboxHost.StartAsync(database, Sink.SmtpPort);
        var subject = $"Sent {Guid.NewGuid():N}";

        var row = await app.Outbox.EnqueueAsync(new EmailMessage("ann@example.com", subject, "<p>hi</p>"));

        // Generous: the first send to a freshly started sink on a loaded machine can take longer than its 10 s wait.
        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).Single().Status == EmailOutboxStatus.Sent, TimeSpan.FromMinutes(2)));
        await Sink.WaitForMessageAsync(subject);

        Assert.False(await app.Outbox.CancelAsync(row.Id));
        Assert.False(await app.Outbox.CancelAsync(Guid.NewGuid()));
        Assert.Equal(EmailOutboxStatus.Sent, (await database.RowsAsync()).Single().Status);
    }

    [Fact]
    public async Task EnqueueAsync_SameIdempotencyKeyTwice_StoresAndSendsOneEmail()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await OutboxHost.StartAsync(database, Sink.SmtpPort);
        var subject = $"Once {Guid.NewGuid():N}";
        var options = new EmailEnqueueOptions { IdempotencyKey = $"invite-{Guid.NewGuid():N}" };

        var first = await app.Outbox.EnqueueAsync(new EmailMessage("ann@example.com", subject, "<p>hi</p>"), options);
        var second = await app.Outbox.EnqueueAsync(new EmailMessage("ann@example.com", subject, "<p>hi</p>"), options);

        Assert.Equal(first.Id, second.Id);
        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).Single().Status == EmailOutboxStatus.Sent, TimeSpan.FromMinutes(2)));
        await Sink.WaitForMessageAsync(subject);
        var row = Assert.Single(await database.RowsAsync());
        Assert.Equal(options.IdempotencyKey, row.IdempotencyKey);
        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).Single().Status == EmailOutboxStatus.Sent));
        Assert.Single(await Sink.MessagesAsync(), m => m.Subject == subject);
    }

    [Fact]
    public async Task AddEmailAsync_SameKeyInTheCallersTransaction_AddsNothingTheSecondTime()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await OutboxHost.StartAsync(database, Sink.SmtpPort, o => o.DispatcherEnabled = false);
        var options = new EmailEnqueueOptions { IdempotencyKey = "signup-42" };

        EmailOutboxMessage first;
        using (var scope = app.Services.CreateScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<OutboxTestContext>();
            await using var transaction = await context.Database.BeginTransactionAsync();
            context.Users.Add(new TestUser { Email = "first@example.com" });
            first = await context.AddEmailAsync(new EmailMessage("first@example.com", "Welcome", "<p>1</p>"), options);

            // The same key again before saving: found in the context.
            Assert.Same(first, await context.AddEmailAsync(new EmailMessage("first@example.com", "Welcome", "<p>1</p>"), options));
            await context.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        using (var scope = app.Services.CreateScope())
        {
            // A retried request: its own rows are stored, no second email.
            var context = scope.ServiceProvider.GetRequiredService<OutboxTestContext>();
            await using var transaction = await context.Database.BeginTransactionAsync();
            context.Users.Add(new TestUser { Email = "retry@example.com" });
            var again = await context.AddEmailAsync(new EmailMessage("first@example.com", "Welcome", "<p>2</p>"), options);
            Assert.Equal(first.Id, again.Id);
            await context.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        await using var check = database.CreateContext();
        Assert.Equal(2, await check.Users.CountAsync());
        Assert.Equal(first.Id, Assert.Single(await check.Outbox.ToListAsync()).Id);
    }

    [Fact]
    public async Task AddEmailAsync_TwoRequestsRacingWithOneKey_TheUniqueIndexRefusesTheSecondWithItsRows()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await OutboxHost.StartAsync(database, Sink.SmtpPort, o => o.DispatcherEnabled = false);
        var options = new EmailEnqueueOptions { IdempotencyKey = "race" };

        using var firstScope = app.Services.CreateScope();
        using var secondScope = app.Services.CreateScope();
        var first = firstScope.ServiceProvider.GetRequiredService<OutboxTestContext>();
        var second = secondScope.ServiceProvider.GetRequiredService<OutboxTestContext>();

        // Both look before either saves.
        first.Users.Add(new TestUser { Email = "a@example.com" });
        await first.AddEmailAsync(new EmailMessage("a@example.com", "Welcome", "<p>a</p>"), options);
        second.Users.Add(new TestUser { Email = "b@example.com" });
        await second.AddEmailAsync(new EmailMessage("b@example.com", "Welcome", "<p>b</p>"), options);

        await first.SaveChangesAsync();
        await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());

        await using var check = database.CreateContext();
        Assert.Equal(["a@example.com"], await check.Users.Select(u => u.Email).ToListAsync());
        Assert.Single(await check.Outbox.ToListAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task EnqueueAsync_BlankIdempotencyKey_IsRefused(string key)
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await OutboxHost.StartAsync(database, Sink.SmtpPort, o => o.DispatcherEnabled = false);

        await Assert.ThrowsAsync<ArgumentException>(() => app.Outbox.EnqueueAsync(new EmailMessage("a@example.com", "Hi", "<p>a</p>"), new EmailEnqueueOptions { IdempotencyKey = key }));
        await Assert.ThrowsAsync<ArgumentException>(() => app.Outbox.EnqueueAsync(new EmailMessage("a@example.com", "Hi", "<p>a</p>"), new EmailEnqueueOptions { IdempotencyKey = new string('k', EmailEnqueueOptions.MaxIdempotencyKeyLength + 1) }));
        Assert.Empty(await database.RowsAsync());
    }
}
