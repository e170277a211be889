using Hyperswitch.Email.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Testing.Tests;

public sealed class InMemoryEmailClientTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Email:SenderEmail"] = "no-reply@shop.example",
        ["Email:SenderName"] = "Shop",
        ["Email:Smtp:Host"] = "smtp.shop.example",
    };

    [Fact]
    public void AddInMemoryEmail_ReplacesTheRegisteredSmtpServer()
    {
        using var provider = Build();

        var client = provider.GetRequiredService<IEmailClient>();

        Assert.IsType<InMemoryEmailClient>(client);
        Assert.Same(client, provider.GetRequiredService<InMemoryEmailClient>());
    }

    [Fact]
    public void AddInMemoryEmail_NeedsOnlyTheSender()
    {
        var services = new ServiceCollection()
            .AddSmtpEmail(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Email:SenderEmail"] = "no-reply@shop.example" }).Build())
            .AddInMemoryEmail();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public async Task SendAsync_RecordsTheMimeMessageWithLinksAndHeaders()
    {
        using var provider = Build();
        var outbox = provider.GetRequiredService<InMemoryEmailClient>();

        await provider.GetRequiredService<IEmailClient>().SendAsync(new EmailMessage("Jane@Example.com", "Verify your email", "<p><a href=\"https://shop.example/verify?token=a1&amp;user=7\">Verify</a> or <a href='https://shop.example/help'>help</a></p>")
        {
            Bcc = { "audit@shop.example" },
            Headers = { ["X-Flow"] = "signup" },
            Attachments = { EmailAttachment.FromBytes("terms.txt", "terms"u8.ToArray()) },
        });

        var sent = Assert.Single(outbox.SentTo("jane@example.com"));
        Assert.Same(sent, Assert.Single(outbox.SentTo("audit@shop.example")));
        Assert.Equal("no-reply@shop.example", sent.From);
        Assert.Equal("Verify your email", sent.Subject);
        Assert.Equal(["https://shop.example/verify?token=a1&user=7", "https://shop.example/help"], sent.Links);
        Assert.Equal("signup", sent.Headers["X-Flow"]);
        Assert.Equal(["terms.txt"], sent.Attachments);
        Assert.Contains("Verify (https://shop.example/verify?token=a1&user=7)", sent.TextBody, StringComparison.Ordinal);
        Assert.Contains($"Message-Id: <{sent.MessageId}>", sent.Mime, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\r\n", sent.Mime, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_BadInput_ThrowsLikeSmtpAndRecordsNothing()
    {
        using var provider = Build();
        var client = provider.GetRequiredService<IEmailClient>();

        await Assert.ThrowsAsync<EmailParseException>(() => client.SendEmailAsync("jane@", "Hi", "<p/>"));
        await Assert.ThrowsAsync<EmailBuildException>(() => client.SendEmailAsync("jane@example.com", "Hi\r\nBcc: x@y.z", "<p/>"));

        Assert.Empty(provider.GetRequiredService<InMemoryEmailClient>().Outbox);
    }

    [Fact]
    public async Task SendAsync_ManyInParallel_RecordsEveryOne()
    {
        using var provider = Build();
        var client = provider.GetRequiredService<IEmailClient>();

        await Task.WhenAll(Enumerable.Range(0, 500).Select(i => Task.Run(() => client.SendEmailAsync($"user{i}@example.com", $"Bulk {i}", "<p/>"))));

        var outbox = provider.GetRequiredService<InMemoryEmailClient>().Outbox;
        Assert.Equal(500, outbox.Count);
        Assert.Equal(500, outbox.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task WaitForEmailAsync_ReturnsWhenTheMessageIsSentAndTimesOutOtherwise()
    {
        using var provider = Build();
        var outbox = provider.GetRequiredService<InMemoryEmailClient>();
        var waiting = outbox.WaitForEmailAsync(m => m.IsFor("late@example.com"), TimeSpan.FromSeconds(10));

        await provider.GetRequiredService<IEmailClient>().SendEmailAsync("early@example.com", "Early", "<p/>");
        Assert.False(waiting.IsCompleted);
        await provider.GetRequiredService<IEmailClient>().SendEmailAsync("late@example.com", "Late", "<p/>");

        Assert.Equal("Late", (await waiting).Subject);
        await Assert.ThrowsAsync<TimeoutException>(() => outbox.WaitForEmailAsync(m => m.Subject == "never", TimeSpan.FromMilliseconds(100)));
        outbox.Clear();
        Assert.Empty(outbox.Outbox);
    }

    [Fact]
    public async Task SendAsync_RunsTheSendPipeline_SoHooksSeeDirectAndPreparedSends()
    {
        var hook = new CountingHook();
        using var provider = new ServiceCollection()
            .AddSmtpEmail(new ConfigurationBuilder().AddInMemoryCollection(Settings).Build())
            .AddInMemoryEmail()
            .AddSingleton<IEmailSendHook>(hook)
            .BuildServiceProvider();
        var client = provider.GetRequiredService<IEmailClient>();

        await client.SendEmailAsync("jane@example.com", "Direct", "<p/>");
        var queued = await provider.GetRequiredService<IEmailComposer>().ComposeAsync(new EmailMessage("bob@example.com", "Queued", "<p/>"));
        await provider.GetRequiredService<PreparedEmailSender>().SendAsync(queued);

        Assert.Equal(["InMemory", "InMemory"], hook.Providers);
        Assert.Equal(2, provider.GetRequiredService<InMemoryEmailClient>().Outbox.Count);
    }

    private sealed class CountingHook : IEmailSendHook
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Providers { get; } = new();

        public ValueTask OnSentAsync(EmailSendContext context, CancellationToken cancellationToken)
        {
            Providers.Enqueue(context.Provider);
            return ValueTask.CompletedTask;
        }
    }

    private static ServiceProvider Build() =>
        new ServiceCollection()
            .AddSmtpEmail(new ConfigurationBuilder().AddInMemoryCollection(Settings).Build())
            .AddInMemoryEmail()
            .BuildServiceProvider();
}
