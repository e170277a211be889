using Hyperswitch.Email.Internal;
using Hyperswitch.Email.Tests.Smtp;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Hyperswitch.Email.Tests;

/// <summary>
/// A composed message is sent as it is: its bytes are written only when something reads <see cref="PreparedEmail.Content"/>,
/// an attempt has it to itself, and a retry sends the same message again.
/// </summary>
public sealed class PreparedEmailContentTests
{
    private static readonly MessageComposer Composer = new(new EmailOptions { SenderEmail = "noreply@example.com", SenderName = "Example" });

    [Fact]
    public void Content_OfAComposedMessage_IsWrittenWhenFirstRead_AndParsesBackToTheSameMessage()
    {
        var prepared = Composer.Prepare(new EmailMessage("jane@example.com", "Welcome", "<p>Hi <b>Jane</b></p>") { Bcc = { "audit@example.com" } });
        Assert.Equal($"Email {prepared.MessageId}", prepared.ToString());

        var content = prepared.Content;

        Assert.Equal($"Email {prepared.MessageId} ({content.Length} bytes)", prepared.ToString());
        Assert.True(content.Span.SequenceEqual(prepared.Content.Span));
        using var parsed = MimeMessage.Load(new MemoryStream(content.ToArray()));
        Assert.Equal(prepared.MessageId, parsed.MessageId);
        Assert.Equal("Welcome", parsed.Subject);
        Assert.Equal("audit@example.com", Assert.Single(parsed.Bcc.Mailboxes).Address);
        Assert.Equal("Hi Jane", parsed.TextBody?.Trim());
        Assert.Equal(["jane@example.com", "audit@example.com"], prepared.Recipients);
    }

    [Fact]
    public async Task Content_ReadWhileAnAttemptHasTheComposedMessage_WaitsForTheAttemptToEnd()
    {
        var prepared = Composer.Prepare(new EmailMessage("jane@example.com", "Welcome", "<p>Hi</p>"));
        var lease = prepared.LendMimeMessage();

        var reading = Task.Run(() => prepared.Content.ToArray());
        var secondAttempt = Task.Run(prepared.LendMimeMessage);
        await Task.Delay(200);
        Assert.False(reading.IsCompleted);
        Assert.False(secondAttempt.IsCompleted);

        var composed = lease.Message;
        lease.Dispose();
        var content = await reading.WaitAsync(TimeSpan.FromSeconds(30));
        using (var second = await secondAttempt.WaitAsync(TimeSpan.FromSeconds(30)))
        {
            // Another attempt meanwhile gets a parse of the bytes, never the message on the wire.
            Assert.NotSame(composed, second.Message);
            Assert.Equal(prepared.MessageId, second.Message.MessageId);
        }

        using var parsed = MimeMessage.Load(new MemoryStream(content));
        Assert.Equal(prepared.MessageId, parsed.MessageId);

        // Returned, the composed message is lent again.
        using var third = prepared.LendMimeMessage();
        Assert.Same(composed, third.Message);
    }

    [Fact]
    public void LendMimeMessage_OfALoadedEmail_ParsesItsBytesEachTime()
    {
        var content = Composer.Prepare(new EmailMessage("jane@example.com", "Welcome", "<p>Hi</p>")).Content.ToArray();
        var loaded = PreparedEmail.Load(content);

        using var first = loaded.LendMimeMessage();
        using var second = loaded.LendMimeMessage();

        Assert.NotSame(first.Message, second.Message);
        Assert.Equal(loaded.MessageId, first.Message.MessageId);
        Assert.Equal($"Email {loaded.MessageId} ({content.Length} bytes)", loaded.ToString());
    }

    [Fact]
    public async Task DirectSend_RetriedAfterARefusedAttempt_SendsTheSameMessage_AndItsContentIsThatMessage()
    {
        await using var server = new ScriptedSmtpServer();
        server.On(SmtpPhase.EndOfData, SmtpAction.Reply(451, "4.3.0 try again later"), onlyConnection: 1);
        var settings = SmtpServerFaultTests.Settings(server);
        settings["Email:Smtp:Retry:MaxRetries"] = "1";
        settings["Email:Smtp:Retry:BaseDelay"] = "00:00:00.010";
        using var factory = EmailClientFactory.FromConfiguration(settings);
        var pipeline = factory.Services.GetRequiredService<EmailSendPipeline>();

        // What a direct send does: compose, keep the message, send it through the pipeline; then read its bytes.
        var prepared = Composer.Prepare(new EmailMessage("jane@example.com", "Retried", "<p>Hello <a href=\"https://example.com/v?t=1\">verify</a></p>"));
        await pipeline.SendAsync(prepared, factory.Services.GetRequiredService<Hyperswitch.Email.Smtp.SmtpServer>());
        var content = prepared.Content.ToArray();

        Assert.Equal(2, server.ConnectionCount);
        var received = Assert.Single(server.Messages);
        Assert.Equal(2, received.Connection);
        using var sent = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(received.Content)));
        using var stored = MimeMessage.Load(new MemoryStream(content));
        Assert.Equal(stored.MessageId, sent.MessageId);
        Assert.Equal("Retried", sent.Subject);
        Assert.Equal(stored.TextBody, sent.TextBody);
        Assert.Equal(stored.HtmlBody, sent.HtmlBody);
        Assert.Equal("Hello verify (https://example.com/v?t=1)", sent.TextBody?.Trim());
    }
}
