using Hyperswitch.Email.EntityFrameworkCore;

namespace Hyperswitch.Email.Suppressions.Tests;

/// <summary>Sends and enqueues to suppressed addresses through a real smtp4dev: refused with a typed error, nothing sent.</summary>
public sealed class SuppressionSendTests(Smtp4devPlainFixture smtp) : IClassFixture<Smtp4devPlainFixture>
{
    private Smtp4dev Sink => smtp.Sink;

    [Fact]
    public async Task SendAsync_SuppressedRecipient_IsRefusedAsSuppressed_AndNothingIsSent()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using var app = await SuppressionHost.StartAsync(database, Sink.SmtpPort);
        await app.Suppressions.AddAsync("gone@example.com", EmailSuppressionReason.HardBounce);
        var refusedSubject = $"Refused {Guid.NewGuid():N}";
        var laterSubject = $"Later {Guid.NewGuid():N}";

        var refused = await Assert.ThrowsAsync<EmailSendException>(() => app.Client.SendAsync(new EmailMessage("Gone@Example.com", refusedSubject, "<p>x</p>")));
        await app.Client.SendAsync(new EmailMessage("here@example.com", laterSubject, "<p>x</p>"));

        Assert.Equal(EmailSendFailure.Suppressed, refused.Failure);
        Assert.False(refused.IsTransient);
        Assert.Equal("gone@example.com", refused.Mailbox);
        Assert.DoesNotContain("gone@example.com", refused.Message, StringComparison.OrdinalIgnoreCase);
        await Sink.WaitForMessageAsync(laterSubject);
        Assert.False(await Sink.HasMessageAsync(refusedSubject));
    }

    [Fact]
    public async Task SendAsync_OneOfSeveralRecipientsSuppressed_RefusesTheWholeMessage()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using var app = await SuppressionHost.StartAsync(database, Sink.SmtpPort);
        await app.Suppressions.AddAsync("gone@example.com", EmailSuppressionReason.Complaint);
        var subject = $"Several {Guid.NewGuid():N}";
        var message = new EmailMessage("here@example.com", subject, "<p>x</p>");
        message.Cc.Add(new EmailAddress("gone@example.com"));

        var refused = await Assert.ThrowsAsync<EmailSendException>(() => app.Client.SendAsync(message));

        Assert.Equal(EmailSendFailure.Suppressed, refused.Failure);
        Assert.Contains("1 of 2 recipients", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_UnsubscribedFromNewsletter_NewsletterRefused_PasswordResetDelivered()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using var app = await SuppressionHost.StartAsync(database, Sink.SmtpPort);
        await app.Suppressions.AddAsync("reader@example.com", EmailSuppressionReason.Unsubscribe, stream: "newsletter");
        var newsletter = $"Newsletter {Guid.NewGuid():N}";
        var reset = $"Reset {Guid.NewGuid():N}";

        var refused = await Assert.ThrowsAsync<EmailSendException>(
            () => app.Client.SendAsync(new EmailMessage("reader@example.com", newsletter, "<p>news</p>").WithStream("newsletter")));
        await app.Client.SendAsync(new EmailMessage("reader@example.com", reset, "<p>reset</p>"));

        Assert.Equal(EmailSendFailure.Suppressed, refused.Failure);
        await Sink.WaitForMessageAsync(reset);
        Assert.False(await Sink.HasMessageAsync(newsletter));
    }

    [Fact]
    public async Task AddEmailAsync_SuppressedRecipient_IsRefusedAndNothingIsQueued()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using var app = await SuppressionHost.StartAsync(database, Sink.SmtpPort);
        await app.Suppressions.AddAsync("gone@example.com", EmailSuppressionReason.HardBounce);

        var refused = await Assert.ThrowsAsync<EmailSendException>(() => app.EnqueueAsync(new EmailMessage("gone@example.com", "Hi", "<p>x</p>")));
        var refusedOnItsOwn = await Assert.ThrowsAsync<EmailSendException>(() => app.Outbox.EnqueueAsync(new EmailMessage("gone@example.com", "Hi", "<p>x</p>")));

        Assert.Equal(EmailSendFailure.Suppressed, refused.Failure);
        Assert.Equal(EmailSendFailure.Suppressed, refusedOnItsOwn.Failure);
        Assert.Empty(await database.OutboxRowsAsync());
    }

    [Fact]
    public async Task Dispatch_RecipientSuppressedAfterEnqueue_FailsTheRowAsSuppressed_AndNothingIsSent()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var subject = $"Queued {Guid.NewGuid():N}";
        EmailOutboxMessage row;

        // Enqueued by an instance that is not dispatching yet (stopped right after), suppressed, then dispatched.
        await using (var before = await SuppressionHost.StartAsync(database, smtpPort: 1, dispatch: false))
        {
            row = await before.EnqueueAsync(new EmailMessage("later-gone@example.com", subject, "<p>x</p>"));
            await before.Suppressions.AddAsync("later-gone@example.com", EmailSuppressionReason.Complaint);
        }

        await using var app = await SuppressionHost.StartAsync(database, Sink.SmtpPort);

        Assert.True(await Eventually.TrueAsync(async () => (await database.OutboxRowsAsync()).Single().Status == EmailOutboxStatus.Failed));
        Assert.False(await Sink.HasMessageAsync(subject));
        Assert.Equal(row.Id, (await database.OutboxRowsAsync()).Single().Id);
    }
}
