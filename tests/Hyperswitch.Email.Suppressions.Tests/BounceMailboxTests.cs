using Hyperswitch.Email.EntityFrameworkCore;
using Hyperswitch.Email.Suppressions.Bounces;
using MailKit.Net.Smtp;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Hyperswitch.Email.Suppressions.Tests;

/// <summary>smtp4dev with its IMAP server on a free loopback port: the bounce mailbox.</summary>
public sealed class Smtp4devImapFixture : IAsyncLifetime
{
    private Smtp4dev? _sink;

    public Smtp4dev Sink => _sink ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _sink = await Smtp4dev.StartAsync("None", imap: true);

    public async Task DisposeAsync()
    {
        if (_sink is not null)
        {
            await _sink.DisposeAsync();
        }
    }
}

/// <summary>
/// Real DSNs (RFC 3464) and ARF complaints (RFC 5965) delivered over SMTP to smtp4dev and read back over its IMAP
/// server by the processor; the sends they report on go through the outbox to the same smtp4dev.
/// </summary>
public sealed class BounceMailboxTests(Smtp4devImapFixture smtp) : IClassFixture<Smtp4devImapFixture>
{
    private Smtp4dev Sink => smtp.Sink;

    private Dictionary<string, string?> Mailbox => new()
    {
        ["EmailBounces:Host"] = "127.0.0.1",
        ["EmailBounces:Port"] = Sink.ImapPort!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["EmailBounces:Connection"] = "plaintext",
        ["EmailBounces:AllowPlaintextAuthentication"] = "true",
        ["EmailBounces:Username"] = Smtp4dev.UserName,
        ["EmailBounces:Password"] = Smtp4dev.Password,
        ["EmailBounces:Enabled"] = "false",
        ["EmailBounces:Timeout"] = "00:01:00",
    };

    [Fact]
    public async Task HardBounceDsn_SuppressesMarksTheOutboxRow_AndTheNextSendIsRefusedWithNothingSent()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using var app = await StartAsync(database);
        var address = $"gone-{Guid.NewGuid():N}@example.com";
        var row = await SendThroughOutboxAsync(app, database, address);

        await DeliverAsync(Dsn(address, row.MessageId, "failed", "5.1.1", "550 5.1.1 User unknown"));
        var result = await app.Services.GetRequiredService<IEmailBounceProcessor>().ProcessAsync();

        Assert.True(result.HardBounces >= 1, result.ToString());
        var entry = Assert.Single(await app.Suppressions.ListAsync(address));
        Assert.Equal(EmailSuppressionReason.HardBounce, entry.Reason);
        Assert.Equal(row.MessageId, entry.MessageId);
        var marked = (await database.OutboxRowsAsync()).Single(r => r.Id == row.Id);
        Assert.Equal("5.1.1", marked.LastErrorCode);
        Assert.Equal(EmailOutboxStatus.Sent, marked.Status);

        var subject = $"After bounce {Guid.NewGuid():N}";
        var refused = await Assert.ThrowsAsync<EmailSendException>(() => app.Client.SendAsync(new EmailMessage(address, subject, "<p>x</p>")));
        Assert.Equal(EmailSendFailure.Suppressed, refused.Failure);
        Assert.False(await Sink.HasMessageAsync(subject));
    }

    [Fact]
    public async Task ComplaintReport_SuppressesTheRecipient_AndTheNextSendIsRefused()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using var app = await StartAsync(database);
        var address = $"angry-{Guid.NewGuid():N}@example.com";
        var row = await SendThroughOutboxAsync(app, database, address);

        await DeliverAsync(Arf(address, row.MessageId));
        var result = await app.Services.GetRequiredService<IEmailBounceProcessor>().ProcessAsync();

        Assert.True(result.Complaints >= 1, result.ToString());
        var entry = Assert.Single(await app.Suppressions.ListAsync(address));
        Assert.Equal(EmailSuppressionReason.Complaint, entry.Reason);
        var refused = await Assert.ThrowsAsync<EmailSendException>(() => app.Client.SendAsync(new EmailMessage(address, "Again", "<p>x</p>")));
        Assert.Equal(EmailSendFailure.Suppressed, refused.Failure);
    }

    [Fact]
    public async Task TransientDsn_DoesNotSuppress()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using var app = await StartAsync(database);
        var address = $"full-{Guid.NewGuid():N}@example.com";
        var row = await SendThroughOutboxAsync(app, database, address);

        await DeliverAsync(Dsn(address, row.MessageId, "delayed", "4.2.2", "452 4.2.2 Mailbox full"));
        var result = await app.Services.GetRequiredService<IEmailBounceProcessor>().ProcessAsync();

        Assert.True(result.TransientBounces >= 1, result.ToString());
        Assert.Empty(await app.Suppressions.ListAsync(address));
        var subject = $"Still sent {Guid.NewGuid():N}";
        await app.Client.SendAsync(new EmailMessage(address, subject, "<p>x</p>"));
        await Sink.WaitForMessageAsync(subject);
    }

    [Fact]
    public async Task ProcessedMessage_IsNotProcessedAgain_AfterARestart()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var address = $"once-{Guid.NewGuid():N}@example.com";
        await using (var first = await StartAsync(database))
        {
            var row = await SendThroughOutboxAsync(first, database, address);
            await DeliverAsync(Dsn(address, row.MessageId, "failed", "5.1.1", "550 5.1.1 User unknown"));
            await first.Services.GetRequiredService<IEmailBounceProcessor>().ProcessAsync();
            Assert.Single(await first.Suppressions.ListAsync(address));

            // Lifted by an operator: only processing the bounce again could bring the entry back.
            Assert.Equal(1, await first.Suppressions.RemoveAsync(address));
        }

        await using var restarted = await StartAsync(database);
        var again = await restarted.Services.GetRequiredService<IEmailBounceProcessor>().ProcessAsync();

        Assert.Equal(0, again.Processed);
        Assert.Empty(await restarted.Suppressions.ListAsync(address));
    }

    private Task<SuppressionHost> StartAsync(SqliteDatabase database) =>
        SuppressionHost.StartAsync(database, Sink.SmtpPort, Mailbox, bounces: true);

    private async Task<EmailOutboxMessage> SendThroughOutboxAsync(SuppressionHost app, SqliteDatabase database, string address)
    {
        var subject = $"Original {Guid.NewGuid():N}";
        var row = await app.EnqueueAsync(new EmailMessage(address, subject, "<p>hello</p>"));
        await Sink.WaitForMessageAsync(subject);
        Assert.True(await Eventually.TrueAsync(async () => (await database.OutboxRowsAsync()).Single(r => r.Id == row.Id).Status == EmailOutboxStatus.Sent));
        return row;
    }

    /// <summary>A DSN as Postfix writes one: multipart/report; report-type=delivery-status, with the original headers.</summary>
    private static MimeMessage Dsn(string recipient, string messageId, string action, string status, string diagnostic)
    {
        var report = new MultipartReport("delivery-status");
        report.Add(new TextPart("plain") { Text = "This is the mail system at host mx.example.com.\r\n\r\nI'm sorry to have to inform you that your message could not be delivered.\r\n" });
        var fields = $"Reporting-MTA: dns; mx.example.com\r\nArrival-Date: Tue, 1 Dec 2026 10:00:00 +0000\r\n\r\nFinal-Recipient: rfc822; {recipient}\r\nOriginal-Recipient: rfc822;{recipient}\r\nAction: {action}\r\nStatus: {status}\r\nRemote-MTA: dns; mail.example.com\r\nDiagnostic-Code: smtp; {diagnostic}\r\n";
        report.Add(new MimePart("message", "delivery-status") { Content = new MimeContent(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(fields))) });
        var headers = $"Message-ID: <{messageId}>\r\nFrom: Shop <no-reply@shop.example>\r\nTo: {recipient}\r\nSubject: Original\r\n\r\n";
        report.Add(new MimePart("text", "rfc822-headers") { Content = new MimeContent(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(headers))) });
        var message = new MimeMessage { Subject = $"Undelivered Mail Returned to Sender ({status})", Body = report };
        message.From.Add(new MailboxAddress("Mail Delivery System", "MAILER-DAEMON@mx.example.com"));
        message.To.Add(new MailboxAddress(null, "bounces@shop.example"));
        message.Headers.Add("Auto-Submitted", "auto-replied");
        return message;
    }

    /// <summary>An ARF complaint as a mailbox provider's feedback loop sends one, with the original message attached.</summary>
    private static MimeMessage Arf(string recipient, string messageId)
    {
        var report = new MultipartReport("feedback-report");
        report.Add(new TextPart("plain") { Text = "This is an email abuse report for an email message received from IP 192.0.2.1.\r\n" });
        var fields = $"Feedback-Type: abuse\r\nUser-Agent: SomeGenerator/1.0\r\nVersion: 1\r\nOriginal-Mail-From: <no-reply@shop.example>\r\nOriginal-Rcpt-To: <{recipient}>\r\nArrival-Date: Tue, 1 Dec 2026 10:00:00 +0000\r\nSource-IP: 192.0.2.1\r\n";
        report.Add(new MimePart("message", "feedback-report") { Content = new MimeContent(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(fields))) });
        var original = new MimeMessage { Subject = "Original", MessageId = messageId, Body = new TextPart("plain") { Text = "hello" } };
        original.From.Add(new MailboxAddress("Shop", "no-reply@shop.example"));
        original.To.Add(new MailboxAddress(null, recipient));
        report.Add(new MessagePart { Message = original });
        var message = new MimeMessage { Subject = "FW: Original", Body = report };
        message.From.Add(new MailboxAddress("Feedback Loop", "fbl@isp.example"));
        message.To.Add(new MailboxAddress(null, "bounces@shop.example"));
        return message;
    }

    private async Task DeliverAsync(MimeMessage message)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", Sink.SmtpPort, MailKit.Security.SecureSocketOptions.None);
        await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);
    }
}
