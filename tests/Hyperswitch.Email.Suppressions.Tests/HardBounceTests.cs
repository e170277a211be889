using Hyperswitch.Email.EntityFrameworkCore;

namespace Hyperswitch.Email.Suppressions.Tests;

/// <summary>A permanent recipient refusal from a (scripted) SMTP server adds a hard-bounce entry; the next send is refused before any connection.</summary>
public sealed class HardBounceTests
{
    [Fact]
    public async Task SendAsync_RecipientRefusedWith511_AddsHardBounce_AndTheNextSendIsRefusedWithoutConnecting()
    {
        await using var server = new ScriptedSmtpServer();
        server.On(SmtpPhase.RcptTo, SmtpAction.Reply(550, "5.1.1 <nobody@example.com>: Recipient address rejected: User unknown"));
        await using var database = await SqliteDatabase.CreateAsync();
        await using var app = await SuppressionHost.StartAsync(database, server.Port);

        var bounced = await Assert.ThrowsAsync<EmailSendException>(() => app.Client.SendAsync(new EmailMessage("nobody@example.com", "First", "<p>x</p>")));
        var connections = server.ConnectionCount;
        var refused = await Assert.ThrowsAsync<EmailSendException>(() => app.Client.SendAsync(new EmailMessage("nobody@example.com", "Second", "<p>x</p>")));

        Assert.Equal(EmailSendFailure.RecipientRejected, bounced.Failure);
        Assert.Equal(EmailSendFailure.Suppressed, refused.Failure);
        Assert.Equal(connections, server.ConnectionCount);
        var entry = Assert.Single(await app.Suppressions.ListAsync());
        Assert.Equal("nobody@example.com", entry.Address);
        Assert.Equal(EmailSuppressionReason.HardBounce, entry.Reason);
        Assert.Equal(EmailSuppression.AllStreams, entry.Stream);
        Assert.Equal("SMTP 5.1.1", entry.Source);
        Assert.NotNull(entry.MessageId);
    }

    [Fact]
    public async Task SendAsync_RefusedForPolicy571_DoesNotSuppress()
    {
        await using var server = new ScriptedSmtpServer();
        server.On(SmtpPhase.RcptTo, SmtpAction.Reply(550, "5.7.1 Relaying denied"));
        await using var database = await SqliteDatabase.CreateAsync();
        await using var app = await SuppressionHost.StartAsync(database, server.Port);

        var failed = await Assert.ThrowsAsync<EmailSendException>(() => app.Client.SendAsync(new EmailMessage("someone@example.com", "Hi", "<p>x</p>")));

        Assert.Equal(EmailSendFailure.RecipientRejected, failed.Failure);
        Assert.Empty(await app.Suppressions.ListAsync());
    }

    [Fact]
    public async Task SendAsync_SuppressOnRecipientRefusalOff_DoesNotSuppress()
    {
        await using var server = new ScriptedSmtpServer();
        server.On(SmtpPhase.RcptTo, SmtpAction.Reply(550, "5.1.1 User unknown"));
        await using var database = await SqliteDatabase.CreateAsync();
        await using var app = await SuppressionHost.StartAsync(database, server.Port, new Dictionary<string, string?> { ["EmailSuppressions:SuppressOnRecipientRefusal"] = "false" });

        await Assert.ThrowsAsync<EmailSendException>(() => app.Client.SendAsync(new EmailMessage("nobody@example.com", "Hi", "<p>x</p>")));

        Assert.Empty(await app.Suppressions.ListAsync());
    }

    [Fact]
    public async Task Dispatch_RecipientRefusedWith511_AddsHardBounce_AndTheRowFails()
    {
        await using var server = new ScriptedSmtpServer();
        server.On(SmtpPhase.RcptTo, SmtpAction.Reply(550, "5.1.1 User unknown"));
        await using var database = await SqliteDatabase.CreateAsync();
        await using var app = await SuppressionHost.StartAsync(database, server.Port);

        var row = await app.EnqueueAsync(new EmailMessage("queued-nobody@example.com", "Queued", "<p>x</p>"));

        Assert.True(await Eventually.TrueAsync(async () => (await app.Suppressions.ListAsync()).Count == 1));
        Assert.True(await Eventually.TrueAsync(async () => (await database.OutboxRowsAsync()).Single().Status == EmailOutboxStatus.Failed));
        var entry = Assert.Single(await app.Suppressions.ListAsync());
        Assert.Equal(row.MessageId, entry.MessageId);
        await Assert.ThrowsAsync<EmailSendException>(() => app.EnqueueAsync(new EmailMessage("queued-nobody@example.com", "Again", "<p>x</p>")));
    }

    [Fact]
    public async Task AddEmailSuppressions_InvalidHardBounceCode_FailsAtStartupNamingTheKey()
    {
        await using var database = await SqliteDatabase.CreateAsync();

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => SuppressionHost.StartAsync(database, 1, new Dictionary<string, string?> { ["EmailSuppressions:HardBounceCodes:0"] = "4.2.2" }));

        Assert.Contains("EmailSuppressions:HardBounceCodes", failure.Message, StringComparison.Ordinal);
    }
}
