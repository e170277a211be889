using System.Security.Cryptography;
using Hyperswitch.Email.Tests.Dkim;
using Hyperswitch.Email.Tests.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;
using MimeKit.Cryptography;

namespace Hyperswitch.Email.Tests;

/// <summary>Hooks that change the message (headers, recipients, subject) and the staging redirect, through every provider.</summary>
[Collection(SerialCollectionDefinition.Name)]
public sealed class EmailSendHookChangeTests
{
    [Fact]
    public async Task Hook_AddsAHeaderAndChangesTheRecipients_TheRelayGetsTheChangedMessageAndEnvelope()
    {
        await using var server = new ScriptedSmtpServer();
        using var provider = Build(SmtpServerFaultTests.Settings(server), services => services.AddEmailSendHook<TaggingHook>().AddEmailSendHook<RerouteHook>().AddEmailSendHook<SeenHook>());

        await provider.GetRequiredService<IEmailClient>().SendAsync(new EmailMessage("jane@example.com", "Hi", "<p/>") { Cc = { "cc@example.com" } });

        var received = Assert.Single(server.Messages);
        Assert.Equal(["ops@shop.example"], Rcpt(received));
        var message = Parse(received.Content);
        Assert.Equal("spring", message.Headers["X-Campaign"]);
        Assert.Equal("ops@shop.example", Assert.Single(message.To.Mailboxes).Address);
        Assert.Empty(message.Cc);

        // In registration order: the third hook saw what the first two left, and after the send, the duration.
        var seen = provider.GetServices<IEmailSendHook>().OfType<SeenHook>().Single();
        Assert.Equal(["ops@shop.example"], seen.RecipientsBefore);
        Assert.True(seen.ElapsedAfter > TimeSpan.Zero);
        Assert.Equal(seen.MessageIdBefore, Parse(received.Content).MessageId);
    }

    [Theory]
    [InlineData("X-Original-To")]
    [InlineData("Sender")]
    [InlineData("DKIM-Signature")]
    [InlineData("Bad Name")]
    public async Task Hook_AddingARoutingOrReservedHeader_IsRefusedAndNothingIsSent(string name)
    {
        await using var server = new ScriptedSmtpServer();
        var hook = new DelegateHook(context => context.AddHeader(name, "x"));
        using var provider = Build(SmtpServerFaultTests.Settings(server), services => services.AddSingleton<IEmailSendHook>(hook));

        var exception = await Assert.ThrowsAsync<EmailBuildException>(() => provider.GetRequiredService<IEmailClient>().SendEmailAsync("jane@example.com", "Hi", "<p/>"));

        Assert.Contains(name, exception.Field, StringComparison.Ordinal);
        Assert.Equal(0, server.ConnectionCount);
    }

    [Fact]
    public async Task Hook_ChangingTheMessage_WithDkim_IsSignedAgainAndVerifies()
    {
        using var rsa = RSA.Create(2048);
        await using var server = new ScriptedSmtpServer();
        var settings = SmtpServerFaultTests.Settings(server);
        settings["Email:Dkim:Domain"] = "shop.example";
        settings["Email:Dkim:Selector"] = "mail2026";
        settings["Email:Dkim:PrivateKey"] = rsa.ExportRSAPrivateKeyPem();
        var hook = new DelegateHook(context =>
        {
            context.PrefixSubject("[Beta] ");
            context.SetRecipients(["ops@shop.example"]);
        });
        using var provider = Build(settings, services => services.AddSingleton<IEmailSendHook>(hook));

        await provider.GetRequiredService<IEmailClient>().SendEmailAsync("jane@example.com", "Welcome", "<p>é</p>");

        var message = Parse(Assert.Single(server.Messages).Content);
        Assert.Equal("[Beta] Welcome", message.Subject);
        var signatures = message.Headers.Where(h => h.Id == HeaderId.DkimSignature).ToList();
        Assert.Single(signatures);
        Assert.True(await new DkimVerifier(new SingleKeyLocator(rsa.ExportSubjectPublicKeyInfoPem())).VerifyAsync(message, signatures[0]));
    }

    [Fact]
    public async Task Hook_ChangingTheMessageAfterTheSend_IsRefusedAndLogged()
    {
        await using var server = new ScriptedSmtpServer();
        var hook = new DelegateHook(_ => { }, after: context => context.AddHeader("X-Late", "1"));
        var logs = new CapturingLoggerProvider();
        using var provider = Build(SmtpServerFaultTests.Settings(server), services => services.AddSingleton<IEmailSendHook>(hook).AddLogging(l => l.AddProvider(logs)));

        await provider.GetRequiredService<IEmailClient>().SendEmailAsync("jane@example.com", "Hi", "<p/>");

        Assert.Single(server.Messages);
        Assert.Contains(logs.Entries, e => e.EventId.Name == "EmailSendHookFailed");
    }

    [Fact]
    public async Task Redirect_SendsNothingToTheOriginalRecipients_KeepsThemInHeadersAndLetsAllowedOnesThrough()
    {
        await using var server = new ScriptedSmtpServer();
        var settings = SmtpServerFaultTests.Settings(server);
        settings["Email:Redirect:To"] = "staging@shop.example";
        settings["Email:Redirect:Allow:0"] = "@shop.example";
        settings["Email:Redirect:Allow:1"] = "qa@partner.example";
        using var provider = Build(settings, _ => { });
        var client = provider.GetRequiredService<IEmailClient>();

        await client.SendAsync(new EmailMessage("jane@customer.example", "Your order", "<p/>")
        {
            To = { "dev@shop.example" },
            Cc = { "boss@customer.example", "qa@partner.example" },
            Bcc = { "audit@customer.example" },
        });
        await client.SendEmailAsync("dev@shop.example", "Internal", "<p/>");

        Assert.Equal(2, server.Messages.Count);
        var redirected = server.Messages[0];
        Assert.Equal(["dev@shop.example", "staging@shop.example", "qa@partner.example"], Rcpt(redirected));
        Assert.DoesNotContain(server.Messages.SelectMany(Rcpt), r => r.EndsWith("@customer.example", StringComparison.Ordinal));
        var message = Parse(redirected.Content);
        Assert.Equal("[Redirected] Your order", message.Subject);
        Assert.Contains("jane@customer.example", message.Headers["X-Original-To"], StringComparison.Ordinal);
        Assert.Contains("boss@customer.example", message.Headers["X-Original-Cc"], StringComparison.Ordinal);
        Assert.DoesNotContain("audit@customer.example", redirected.Content, StringComparison.Ordinal);

        // Only allowed recipients: sent as it is.
        var untouched = Parse(server.Messages[1].Content);
        Assert.Equal("Internal", untouched.Subject);
        Assert.Null(untouched.Headers["X-Original-To"]);
    }

    [Theory]
    [InlineData("NO_EMAIL_CLIENT")]
    [InlineData("PickupDirectory")]
    public async Task Redirect_AndHooks_ApplyToEveryProviderAndToPreparedSends(string client)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"redirect-{Guid.NewGuid():N}");
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Email:SenderEmail"] = "no-reply@shop.example",
                ["Email:ActiveEmailClient"] = client,
                ["Email:PickupDirectory:Path"] = client == "PickupDirectory" ? folder : null,
                ["Email:Redirect:To"] = "staging@shop.example",
            }).Build();
            var services = new ServiceCollection().AddEmailSendHook<SeenAfterHook>();
            services.AddEmail(configuration).AddPickupDirectory();
            using var provider = services.BuildServiceProvider();

            await provider.GetRequiredService<IEmailClient>().SendEmailAsync("jane@customer.example", "Hi", "<p/>");
            var queued = await provider.GetRequiredService<IEmailComposer>().ComposeAsync(new EmailMessage("bob@customer.example", "Queued", "<p/>"));
            await provider.GetRequiredService<PreparedEmailSender>().SendAsync(queued);

            var hook = provider.GetServices<IEmailSendHook>().OfType<SeenAfterHook>().Single();
            Assert.Equal([["staging@shop.example"], ["staging@shop.example"]], hook.Recipients);
            if (client == "PickupDirectory")
            {
                var files = Directory.GetFiles(folder);
                Assert.Equal(2, files.Length);
                Assert.All(files, f => Assert.DoesNotContain("@customer.example>", File.ReadAllText(f).Split("X-Original-To")[0], StringComparison.Ordinal));
            }
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public void Redirect_BadOptions_AreRefusedAtStartupNamingTheKeys()
    {
        var settings = EmailClientFactory.Plaintext(25);
        settings["Email:Redirect:To"] = "not an address";
        settings["Email:Redirect:Allow:0"] = "@";
        settings["Email:Redirect:Colour"] = "red";
        using var provider = Build(settings, _ => { });

        var exception = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<EmailOptions>>().Value);

        Assert.Contains("Colour", exception.Message, StringComparison.Ordinal);
        settings.Remove("Email:Redirect:Colour");
        using var second = Build(settings, _ => { });
        var invalid = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => second.GetRequiredService<Microsoft.Extensions.Options.IOptions<EmailOptions>>().Value);
        Assert.Contains(invalid.Failures, f => f.StartsWith("Email:Redirect:To ", StringComparison.Ordinal));
        Assert.Contains(invalid.Failures, f => f.StartsWith("Email:Redirect:Allow:0 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Redirect_On_IsAWarningAtStartup()
    {
        var settings = EmailClientFactory.Plaintext(25);
        settings["Email:Redirect:To"] = "staging@shop.example";
        var logs = new CapturingLoggerProvider();
        using var provider = Build(settings, services => services.AddLogging(l => l.AddProvider(logs)));

        foreach (var service in provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }

        var entry = Assert.Single(logs.Entries, e => e.EventId.Name == "EmailRedirected");
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("staging@shop.example", entry.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Rcpt(ScriptedSmtpServer.ReceivedMessage message) =>
        message.Recipients.Select(r => r.Replace("RCPT TO:<", string.Empty, StringComparison.OrdinalIgnoreCase).TrimEnd('>'));

    private static MimeMessage Parse(string content) => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)));

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection().AddMetrics().AddSmtpEmail(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        configure(services);
        return services.BuildServiceProvider();
    }

    private sealed class TaggingHook : IEmailSendHook
    {
        public ValueTask OnSendingAsync(EmailSendContext context, CancellationToken cancellationToken)
        {
            context.AddHeader("X-Campaign", "spring");
            return ValueTask.CompletedTask;
        }
    }

    private sealed class RerouteHook : IEmailSendHook
    {
        public ValueTask OnSendingAsync(EmailSendContext context, CancellationToken cancellationToken)
        {
            context.SetRecipients(["ops@shop.example"]);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class SeenHook : IEmailSendHook
    {
        public IReadOnlyList<string> RecipientsBefore { get; private set; } = [];

        public string? MessageIdBefore { get; private set; }

        public TimeSpan ElapsedAfter { get; private set; }

        public ValueTask OnSendingAsync(EmailSendContext context, CancellationToken cancellationToken)
        {
            RecipientsBefore = context.Email.Recipients;
            MessageIdBefore = context.Email.MessageId;
            return ValueTask.CompletedTask;
        }

        public ValueTask OnSentAsync(EmailSendContext context, CancellationToken cancellationToken)
        {
            ElapsedAfter = context.Elapsed;
            return ValueTask.CompletedTask;
        }
    }

    private sealed class SeenAfterHook : IEmailSendHook
    {
        public List<IReadOnlyList<string>> Recipients { get; } = [];

        public ValueTask OnSentAsync(EmailSendContext context, CancellationToken cancellationToken)
        {
            lock (Recipients)
            {
                Recipients.Add(context.Email.Recipients);
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class DelegateHook(Action<EmailSendContext> before, Action<EmailSendContext>? after = null) : IEmailSendHook
    {
        public ValueTask OnSendingAsync(EmailSendContext context, CancellationToken cancellationToken)
        {
            before(context);
            return ValueTask.CompletedTask;
        }

        public ValueTask OnSentAsync(EmailSendContext context, CancellationToken cancellationToken)
        {
            after?.Invoke(context);
            return ValueTask.CompletedTask;
        }
    }
}
