using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hyperswitch.Email.EntityFrameworkCore.Tests;

/// <summary>Enqueue in the application's transaction and delivery to a real SMTP sink (smtp4dev), on SQLite.</summary>
public sealed class OutboxDeliveryTests(Smtp4devPlainFixture smtp) : IClassFixture<Smtp4devPlainFixture>
{
    private Smtp4dev Sink => smtp.Sink;

    [Fact]
    public async Task Add_CommittedWithTheUser_IsDeliveredWithItsMessageId()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await OutboxHost.StartAsync(database, Sink.SmtpPort);
        var subject = $"Verify {Guid.NewGuid():N}";

        EmailOutboxMessage queued;
        using (var scope = app.Services.CreateScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<OutboxTestContext>();
            context.Users.Add(new TestUser { Email = "jane@example.com" });
            queued = context.AddEmail(new EmailMessage("jane@example.com", subject, "<p>Click <a href=\"https://shop.example/verify?t=1\">here</a></p>"));
            await context.SaveChangesAsync();
        }

        var received = await Sink.WaitForMessageAsync(subject);
        Assert.Equal(queued.MessageId, Received.MessageId(await Sink.RawAsync(received.Id)));
        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).Single().Status == EmailOutboxStatus.Sent));
        var row = (await database.RowsAsync()).Single();
        Assert.Equal(1, row.Attempts);
        Assert.NotNull(row.CompletedAt);
        Assert.Null(row.ClaimToken);
    }

    [Fact]
    public async Task Add_InATransactionThatRollsBack_LeavesNoEmailAndSendsNothing()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await OutboxHost.StartAsync(database, Sink.SmtpPort);
        var rolledBack = $"Rolled back {Guid.NewGuid():N}";
        var committed = $"Committed {Guid.NewGuid():N}";

        using (var scope = app.Services.CreateScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<OutboxTestContext>();
            await using var transaction = await context.Database.BeginTransactionAsync();
            context.Users.Add(new TestUser { Email = "bob@example.com" });
            context.AddEmail(new EmailMessage("bob@example.com", rolledBack, "<p>never</p>"));
            await context.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        using (var scope = app.Services.CreateScope())
        {
            // The signup that commits: its user and its email, in one transaction.
            var context = scope.ServiceProvider.GetRequiredService<OutboxTestContext>();
            await using var transaction = await context.Database.BeginTransactionAsync();
            context.Users.Add(new TestUser { Email = "ann@example.com" });
            context.AddEmail(new EmailMessage("ann@example.com", committed, "<p>welcome</p>"));
            await context.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        await Sink.WaitForMessageAsync(committed);
        Assert.False(await Sink.HasMessageAsync(rolledBack));
        await using var check = database.CreateContext();
        Assert.Equal(["ann@example.com"], await check.Users.Select(u => u.Email).ToListAsync());
        Assert.Single(await check.Outbox.ToListAsync());
    }

    [Fact]
    public async Task Add_WhenTheUsersRowFails_CommitsNeitherTheUserNorTheEmail()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await OutboxHost.StartAsync(database, Sink.SmtpPort);
        await using (var seed = database.CreateContext())
        {
            seed.Users.Add(new TestUser { Email = "taken@example.com" });
            await seed.SaveChangesAsync();
        }

        using var scope = app.Services.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<OutboxTestContext>();
        context.Users.Add(new TestUser { Email = "taken@example.com" });
        context.AddEmail(new EmailMessage("taken@example.com", "Duplicate signup", "<p>x</p>"));

        await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync());
        Assert.Empty(await database.RowsAsync());
    }

    [Fact]
    public async Task EnqueueAsync_CommitsOnItsOwnAndIsDelivered()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await OutboxHost.StartAsync(database, Sink.SmtpPort);
        var subject = $"Invite {Guid.NewGuid():N}";

        var queued = await app.Outbox.EnqueueAsync(new EmailMessage("invitee@example.com", subject, "<p>Join us</p>") { Cc = { "team@example.com" } });

        var received = await Sink.WaitForMessageAsync(subject);
        var details = await Sink.DetailsAsync(received.Id);
        Assert.Equal($"<{queued.MessageId}>", details.Header("Message-ID"));
        Assert.Contains("invitee@example.com", received.To);
        Assert.Contains("Join us", await Sink.HtmlAsync(received.Id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_InvalidAddress_FailsInTheRequestWithTheCoresTypedErrorAndQueuesNothing()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await OutboxHost.StartAsync(database, Sink.SmtpPort);
        using var scope = app.Services.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<OutboxTestContext>();

        var parse = Assert.Throws<EmailParseException>(() => context.AddEmail(new EmailMessage("not-an-address", "Hi", "<p>x</p>")));
        var build = Assert.Throws<EmailBuildException>(() => context.AddEmail(new EmailMessage("jane@example.com", "Hi\r\nBcc: evil@example.com", "<p>x</p>")));
        await context.SaveChangesAsync();

        Assert.Equal("To[0]", parse.Field);
        Assert.Equal("Subject", build.Field);
        Assert.Empty(await database.RowsAsync());
    }

    [Fact]
    public async Task Add_ContextWithoutTheOutboxInItsModel_SaysWhatToCall()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await OutboxHost.StartAsync(database, Sink.SmtpPort);
        var options = new DbContextOptionsBuilder<BareContext>().UseSqlite("Data Source=:memory:").Options;
        await using var bare = new BareContext(options);

        var refused = Assert.Throws<InvalidOperationException>(() => app.Outbox.Add(bare, new EmailMessage("jane@example.com", "Hi", "<p>x</p>")));

        Assert.Contains("modelBuilder.AddEmailOutbox()", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_InAnExplicitTransactionCommittedLater_IsDeliveredWithoutWaitingForThePoll()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var app = await OutboxHost.StartAsync(database, Sink.SmtpPort, o => o.PollInterval = TimeSpan.FromHours(1));
        var subject = $"Committed later {Guid.NewGuid():N}";

        using (var scope = app.Services.CreateScope())
        {
            // SaveChanges wakes the dispatcher before the commit; the email becomes visible only at the commit.
            var context = scope.ServiceProvider.GetRequiredService<OutboxTestContext>();
            await using var transaction = await context.Database.BeginTransactionAsync();
            context.AddEmail(new EmailMessage("late@example.com", subject, "<p>x</p>"));
            await context.SaveChangesAsync();
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            await transaction.CommitAsync();
        }

        Assert.True(await Eventually.TrueAsync(() => Sink.HasMessageAsync(subject), TimeSpan.FromSeconds(10)), "delivered long before the one-hour poll");
    }

    [Fact]
    public async Task AddEmailOutbox_OnAContextWithoutTheOutbox_FailsAtStartupSayingWhatToCall()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new Microsoft.Extensions.Hosting.HostApplicationBuilderSettings());
        builder.Services.AddEmail(o => o.SenderEmail = "no-reply@shop.example").AddSmtp(smtp =>
        {
            smtp.Host = "127.0.0.1";
            smtp.Connection = Smtp.SmtpConnectionMode.Plaintext;
        });
        builder.Services.AddDbContext<BareContext>(o => o.UseSqlite("Data Source=:memory:"));
        builder.Services.AddEmailOutbox<BareContext>();
        using var host = builder.Build();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("BareContext has no email outbox: call modelBuilder.AddEmailOutbox()", refused.Message, StringComparison.Ordinal);
    }

    private sealed class BareContext(DbContextOptions<BareContext> options) : DbContext(options);
}
