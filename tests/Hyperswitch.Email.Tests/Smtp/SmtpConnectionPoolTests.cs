using System.Diagnostics;
using MimeKit;

namespace Hyperswitch.Email.Tests.Smtp;

/// <summary>Opt-in connection reuse: bounded, reconnecting, never sending a message twice, drained on change, closed on dispose.</summary>
public sealed class SmtpConnectionPoolTests
{
    [Fact]
    public async Task SendAsync_Pooled_ReusesOneConnection()
    {
        await using var server = new ScriptedSmtpServer();
        using var factory = EmailClientFactory.FromConfiguration(Pooled(server));

        for (var i = 0; i < 10; i++)
        {
            await factory.Client.SendEmailAsync($"user{i}@example.com", $"Pooled {i}", "<p/>");
        }

        Assert.Equal(1, server.ConnectionCount);
        Assert.Equal(10, server.Messages.Count);
        Assert.Single(server.Commands, c => c.Line.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SendAsync_NotPooled_OpensOneConnectionPerMessage()
    {
        await using var server = new ScriptedSmtpServer();
        using var factory = EmailClientFactory.FromConfiguration(SmtpServerFaultTests.Settings(server));

        for (var i = 0; i < 3; i++)
        {
            await factory.Client.SendEmailAsync("jane@example.com", $"Fresh {i}", "<p/>");
        }

        Assert.Equal(3, server.ConnectionCount);
    }

    [Fact]
    public async Task SendAsync_MaxMessagesPerConnection_OpensANewConnection()
    {
        await using var server = new ScriptedSmtpServer();
        var settings = Pooled(server);
        settings["Email:Smtp:Pooling:MaxMessagesPerConnection"] = "3";
        using var factory = EmailClientFactory.FromConfiguration(settings);

        for (var i = 0; i < 7; i++)
        {
            await factory.Client.SendEmailAsync("jane@example.com", $"Batch {i}", "<p/>");
        }

        Assert.Equal(3, server.ConnectionCount);
        Assert.Equal([3, 3, 1], server.Messages.GroupBy(m => m.Connection).Select(g => g.Count()));
        await Eventually.TrueAsync(() => server.OpenConnections == 1);
        Assert.Equal(2, server.Commands.Count(c => c.Line == "QUIT"));
    }

    [Fact]
    public async Task SendAsync_ManyConcurrent_StaysWithinMaxConnectionsAndSendsEachOnce()
    {
        await using var server = new ScriptedSmtpServer();
        var settings = Pooled(server);
        settings["Email:Smtp:Pooling:MaxConnections"] = "4";
        using var factory = EmailClientFactory.FromConfiguration(settings);
        var client = factory.Client;

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => client.SendEmailAsync($"user{i}@example.com", $"Bulk {i}", "<p/>"))));

        Assert.InRange(server.ConnectionCount, 1, 4);
        Assert.Equal(200, server.Messages.Count);
        Assert.Equal(200, server.Messages.Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Content))).MessageId).Distinct().Count());
    }

    [Fact]
    public async Task SendAsync_ServerDroppedIdleConnection_ReconnectsAndSendsOnce()
    {
        await using var server = new ScriptedSmtpServer { IdleDisconnect = TimeSpan.FromSeconds(1) };
        using var factory = EmailClientFactory.FromConfiguration(Pooled(server));
        await factory.Client.SendEmailAsync("jane@example.com", "First", "<p/>");
        await Eventually.TrueAsync(() => server.OpenConnections == 0);

        await factory.Client.SendEmailAsync("jane@example.com", "Second", "<p/>");

        Assert.Equal(2, server.ConnectionCount);
        Assert.Equal(["First", "Second"], server.Messages.Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Content))).Subject));
        Assert.Equal(2, server.DataCommandCount);
    }

    [Fact]
    public async Task SendAsync_ReusedConnectionLostAfterFinalDot_IsNotResent()
    {
        await using var server = new ScriptedSmtpServer();
        server.On(SmtpPhase.EndOfData, SmtpAction.Close, onlyConnection: 1);
        using var factory = EmailClientFactory.FromConfiguration(Pooled(server));

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Once", "<p/>"));

        Assert.True(exception.MayHaveBeenDelivered);
        Assert.Equal(1, server.DataCommandCount);
        await factory.Client.SendEmailAsync("jane@example.com", "Next", "<p/>");
        Assert.Equal(2, server.ConnectionCount);
    }

    [Fact]
    public async Task SendAsync_OptionsChanged_DrainsTheOldPool()
    {
        await using var server = new ScriptedSmtpServer();
        using var factory = EmailClientFactory.FromConfiguration(Pooled(server));
        await factory.Client.SendEmailAsync("jane@example.com", "Before", "<p/>");

        factory.Configuration!["Email:SenderEmail"] = "accounts@shop.example";
        factory.Configuration.Reload();
        await factory.Client.SendEmailAsync("jane@example.com", "After", "<p/>");

        Assert.Equal(2, server.ConnectionCount);
        await Eventually.TrueAsync(() => server.OpenConnections == 1);
        Assert.Equal(1, server.OpenConnections);
        Assert.Contains("accounts@shop.example", server.Messages[1].MailFrom, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_ServiceProvider_ClosesPooledConnectionsWithQuit()
    {
        await using var server = new ScriptedSmtpServer();
        var factory = EmailClientFactory.FromConfiguration(Pooled(server));
        await factory.Client.SendEmailAsync("jane@example.com", "Pooled", "<p/>");
        Assert.Equal(1, server.OpenConnections);

        await ((IAsyncDisposable)factory.Services).DisposeAsync();
        factory.Dispose();

        await Eventually.TrueAsync(() => server.OpenConnections == 0);
        Assert.Equal(0, server.OpenConnections);
        Assert.Contains(server.Commands, c => c.Line == "QUIT");
    }

    [Fact]
    public async Task IdleTimeout_ClosesUnusedConnections()
    {
        await using var server = new ScriptedSmtpServer();
        var settings = Pooled(server);
        settings["Email:Smtp:Pooling:IdleTimeout"] = "00:00:00.200";
        using var factory = EmailClientFactory.FromConfiguration(settings);
        await factory.Client.SendEmailAsync("jane@example.com", "Pooled", "<p/>");

        await Eventually.TrueAsync(() => server.OpenConnections == 0);

        Assert.Equal(0, server.OpenConnections);
        Assert.Contains(server.Commands, c => c.Line == "QUIT");
    }

    [Fact]
    public void Options_BadPooling_AreRefusedNamingTheKeys()
    {
        var settings = EmailClientFactory.Plaintext(2525);
        settings["Email:Smtp:Pooling:Enabled"] = "true";
        settings["Email:Smtp:Pooling:MaxConnections"] = "0";
        settings["Email:Smtp:Pooling:MaxMessagesPerConnection"] = "0";
        settings["Email:Smtp:Pooling:IdleTimeout"] = "00:00:00";
        using var factory = EmailClientFactory.FromConfiguration(settings);

        var exception = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.Extensions.Options.IOptions<Hyperswitch.Email.Smtp.SmtpOptions>>(factory.Services).Value);

        Assert.Equal(
            [
                "Email:Smtp:Pooling:MaxConnections must be between 1 and 100 (it is 0).",
                "Email:Smtp:Pooling:MaxMessagesPerConnection must be between 1 and 10000 (it is 0).",
                "Email:Smtp:Pooling:IdleTimeout must be between 00:00:00.1 and 00:10:00 (it is 00:00:00).",
            ],
            exception.Failures);
    }

    private static Dictionary<string, string?> Pooled(ScriptedSmtpServer server)
    {
        // A generous timeout: on a loaded machine a slow reply must not look like a stale connection.
        var settings = SmtpServerFaultTests.Settings(server, timeoutSeconds: 30);
        settings["Email:Smtp:Pooling:Enabled"] = "true";
        settings["Email:Smtp:Pooling:IdleTimeout"] = "00:01:00";
        return settings;
    }
}
