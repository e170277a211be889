using System.Security.Cryptography;
using System.Text;
using Hyperswitch.Email.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Hyperswitch.Email.Tests.Dkim;
using MimeKit.Cryptography;

namespace Hyperswitch.Email.Tests;

/// <summary>Messages built ahead of sending (for a queue) and sent later byte for byte, with their Message-ID.</summary>
public sealed class PreparedEmailTests
{
    [Fact]
    public async Task Prepare_ThenSendTwice_TransmitsIdenticalBytesWithTheSameMessageId_BccOnlyInTheEnvelope()
    {
        await using var server = new ScriptedSmtpServer();
        using var factory = EmailClientFactory.FromConfiguration(Smtp.SmtpServerFaultTests.Settings(server));
        var message = new EmailMessage("jane@example.com", "Reset your password", "<p>Reset: <a href=\"https://shop.example/r?t=1\">link</a></p>")
        {
            Bcc = { "audit@example.com" },
        };

        var prepared = await factory.ComposeAsync(message);
        Assert.Equal(0, server.ConnectionCount);
        await factory.Sender.SendAsync(prepared);
        await factory.Sender.SendAsync(PreparedEmail.Load(prepared.Content.ToArray()));

        Assert.Equal(2, server.Messages.Count);
        Assert.Equal(server.Messages[0].Content, server.Messages[1].Content);
        var received = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(server.Messages[0].Content)));
        Assert.Equal(prepared.MessageId, received.MessageId);
        Assert.Equal(["RCPT TO:<jane@example.com>", "RCPT TO:<audit@example.com>"], server.Messages[0].Recipients);
        Assert.Empty(received.Bcc);
        Assert.Contains("Reset: link (https://shop.example/r?t=1)", received.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComposeAsync_CarriesTheEnvelope_BccOnlyThere_AndLoadRebuildsIt()
    {
        await using var server = new ScriptedSmtpServer();
        using var factory = EmailClientFactory.FromConfiguration(Smtp.SmtpServerFaultTests.Settings(server));
        var composer = factory.Services.GetRequiredService<IEmailComposer>();
        var message = new EmailMessage("jane@example.com", "Hi", "<p>Hi</p>")
        {
            To = { "JANE@example.com", "bob@example.com" },
            Cc = { "carol@example.com" },
            Bcc = { "audit@example.com", "bob@example.com" },
        };

        var email = await composer.ComposeAsync(message);
        var loaded = PreparedEmail.Load(email.Content.ToArray());
        using var written = new MemoryStream();
        await email.WriteToAsync(written);

        foreach (var envelope in new[] { email, loaded })
        {
            Assert.Equal(factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EmailOptions>>().Value.SenderEmail, envelope.Sender);
            Assert.Equal(["jane@example.com", "bob@example.com", "carol@example.com", "audit@example.com"], envelope.Recipients);
            Assert.Equal(email.MessageId, envelope.MessageId);
        }

        Assert.Contains("audit@example.com", Encoding.UTF8.GetString(email.Content.Span), StringComparison.Ordinal);
        var transmitted = Encoding.UTF8.GetString(written.ToArray());
        Assert.DoesNotContain("audit@example.com", transmitted, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", transmitted.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(0, server.ConnectionCount);
    }

    [Fact]
    public async Task ComposeAsync_InvalidInput_ThrowsTheTypedErrors()
    {
        using var factory = EmailClientFactory.FromConfiguration(new() { ["Email:SenderEmail"] = "no-reply@shop.example", ["Email:Smtp:Host"] = "127.0.0.1" });
        var composer = factory.Services.GetRequiredService<IEmailComposer>();

        await Assert.ThrowsAsync<EmailParseException>(async () => await composer.ComposeAsync(new EmailMessage("jane@", "Hi", "<p>x</p>")));
        await Assert.ThrowsAsync<EmailBuildException>(async () => await composer.ComposeAsync(new EmailMessage("jane@example.com", "Hi\nthere", "<p>x</p>")));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await composer.ComposeAsync(new EmailMessage("jane@example.com", "Hi", "<p>x</p>"), new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task Compose_InvalidInput_FailsWithTheTypedErrorsBeforeAnyConnection()
    {
        await using var server = new ScriptedSmtpServer();
        using var factory = EmailClientFactory.FromConfiguration(Smtp.SmtpServerFaultTests.Settings(server));

        var parse = await Assert.ThrowsAsync<EmailParseException>(async () => await factory.ComposeAsync(new EmailMessage("jane@", "Hi", "<p>x</p>")));
        var build = await Assert.ThrowsAsync<EmailBuildException>(async () => await factory.ComposeAsync(new EmailMessage("jane@example.com", "Hi\nthere", "<p>x</p>")));

        Assert.Equal("To[0]", parse.Field);
        Assert.Equal("Subject", build.Field);
        Assert.Equal(0, server.ConnectionCount);
    }

    [Fact]
    public async Task Prepare_WithDkim_TheSignatureStillVerifiesAfterStorageAndSending()
    {
        await using var server = new ScriptedSmtpServer();
        using var rsa = RSA.Create(2048);
        var settings = Smtp.SmtpServerFaultTests.Settings(server);
        settings["Email:Dkim:Domain"] = "shop.example";
        settings["Email:Dkim:Selector"] = "mail2026";
        settings["Email:Dkim:PrivateKey"] = rsa.ExportRSAPrivateKeyPem();
        using var factory = EmailClientFactory.FromConfiguration(settings);

        var stored = (await factory.ComposeAsync(new EmailMessage("jane@example.com", "Signé ✉", "<p>Verify é</p>"))).Content.ToArray();
        await factory.Sender.SendAsync(PreparedEmail.Load(stored));

        var received = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(Assert.Single(server.Messages).Content)));
        var signature = received.Headers[received.Headers.IndexOf(HeaderId.DkimSignature)];
        Assert.True(await new DkimVerifier(new SingleKeyLocator(rsa.ExportSubjectPublicKeyInfoPem())).VerifyAsync(received, signature));
    }

    [Theory]
    [InlineData("", "Message-ID")]
    [InlineData("not a message at all", "Content")]
    [InlineData("Subject: x\r\n\r\nbody", "Message-ID")]
    [InlineData("Message-ID: <a@b>\r\nSubject: x\r\n\r\nbody", "From")]
    [InlineData("Message-ID: <a@b>\r\nFrom: a@b.example\r\n\r\nbody", "To")]
    public void Load_BytesThatAreNotASendableMessage_AreRefusedNamingWhatIsMissing(string content, string field)
    {
        var refused = Assert.Throws<EmailBuildException>(() => PreparedEmail.Load(Encoding.ASCII.GetBytes(content)));

        Assert.Equal(field, refused.Field);
    }

    [Fact]
    public async Task ToString_NamesTheMessageButNeverItsRecipientsOrBody()
    {
        using var factory = EmailClientFactory.FromConfiguration(EmailClientFactory.Plaintext(25));

        var prepared = await factory.ComposeAsync(new EmailMessage("jane@example.com", "Secret subject", "<p>token=abc</p>"));

        Assert.Contains(prepared.MessageId, prepared.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("jane", prepared.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Secret", prepared.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PickupDirectoryAndNoEmailClient_SendPreparedMessagesToo()
    {
        var folder = Directory.CreateTempSubdirectory("prepared-").FullName;
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Email:ActiveEmailClient"] = "PickupDirectory",
                ["Email:PickupDirectory:Path"] = folder,
                ["Email:SenderEmail"] = "no-reply@example.com",
            }).Build();
            var services = new ServiceCollection().AddLogging();
            services.AddEmail(configuration).AddPickupDirectory();
            await using var provider = services.BuildServiceProvider();
            var pipeline = provider.GetRequiredService<EmailSendPipeline>();

            var prepared = await provider.GetRequiredService<IEmailComposer>().ComposeAsync(new EmailMessage("jane@example.com", "Welcome", "<p>Hi</p>"));
            await pipeline.SendAsync(prepared, provider.GetRequiredService<NoEmailClient>());
            await provider.GetRequiredService<PreparedEmailSender>().SendAsync(prepared);

            var file = Assert.Single(Directory.GetFiles(folder, "*.eml"));
            Assert.Equal(prepared.MessageId, MimeMessage.Load(file).MessageId);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
