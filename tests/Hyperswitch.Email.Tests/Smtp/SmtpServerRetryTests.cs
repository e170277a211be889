using System.Diagnostics;

namespace Hyperswitch.Email.Tests.Smtp;

/// <summary>Retries and failover send again only when the server certainly did not accept the message.</summary>
public sealed class SmtpServerRetryTests
{
    [Theory]
    [InlineData(SmtpPhase.Greeting, 421)]
    [InlineData(SmtpPhase.MailFrom, 451)]
    [InlineData(SmtpPhase.RcptTo, 450)]
    [InlineData(SmtpPhase.EndOfData, 452)]
    public async Task SendAsync_TransientReplyOnFirstAttempt_RetriesAndDeliversOnce(SmtpPhase phase, int code)
    {
        await using var server = new ScriptedSmtpServer();
        server.On(phase, SmtpAction.Reply(code, "4.3.0 try again later"), onlyConnection: 1);
        using var factory = EmailClientFactory.FromConfiguration(WithRetries(server, retries: 2));

        await factory.Client.SendEmailAsync("jane@example.com", "Retried", "<p/>");

        Assert.Equal(2, server.ConnectionCount);
        var message = Assert.Single(server.Messages);
        Assert.Equal(2, message.Connection);
        Assert.Contains(factory.Logs.Entries, e => e.EventId.Name == "EmailSendRetrying");
    }

    [Fact]
    public async Task SendAsync_ConnectionLostMidContent_RetriesWithTheSameMessageId()
    {
        await using var server = new ScriptedSmtpServer();
        server.On(SmtpPhase.MidData, SmtpAction.Close, onlyConnection: 1).On(SmtpPhase.EndOfData, SmtpAction.Reply(451, "4.3.0 later"), onlyConnection: 2);
        using var factory = EmailClientFactory.FromConfiguration(WithRetries(server, retries: 3));

        await factory.Client.SendEmailAsync("jane@example.com", "Big", SmtpServerFaultTests.LargeHtml(4));

        Assert.Equal(3, server.ConnectionCount);
        Assert.Equal(3, server.DataCommandCount);
        Assert.Equal(3, Assert.Single(server.Messages).Connection);
    }

    [Fact]
    public async Task SendAsync_ConnectionLostAfterFinalDot_IsNeverRetried()
    {
        await using var server = new ScriptedSmtpServer();
        server.On(SmtpPhase.EndOfData, SmtpAction.Close, onlyConnection: 1);
        using var factory = EmailClientFactory.FromConfiguration(WithRetries(server, retries: 3));

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Once", "<p/>"));

        Assert.True(exception.MayHaveBeenDelivered);
        Assert.Equal(1, server.ConnectionCount);
        Assert.Equal(1, server.DataCommandCount);
    }

    [Theory]
    [InlineData(SmtpPhase.RcptTo, 550)]
    [InlineData(SmtpPhase.EndOfData, 554)]
    [InlineData(SmtpPhase.Auth, 535)]
    public async Task SendAsync_PermanentFailure_IsNeverRetried(SmtpPhase phase, int code)
    {
        await using var server = new ScriptedSmtpServer();
        server.On(phase, SmtpAction.Reply(code, "5.0.0 no"));
        var settings = SmtpServerFaultTests.Settings(server, withCredentials: phase == SmtpPhase.Auth);
        settings["Email:Smtp:Retry:MaxRetries"] = "3";
        settings["Email:Smtp:Retry:BaseDelay"] = "00:00:00.010";
        using var factory = EmailClientFactory.FromConfiguration(settings);

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>"));

        Assert.Equal(code, exception.SmtpStatusCode);
        Assert.Equal(1, server.ConnectionCount);
    }

    [Fact]
    public async Task SendAsync_TransientEveryTime_StopsAfterMaxRetries()
    {
        await using var server = new ScriptedSmtpServer();
        server.On(SmtpPhase.Greeting, SmtpAction.Reply(421, "4.3.2 busy"));
        using var factory = EmailClientFactory.FromConfiguration(WithRetries(server, retries: 2));

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>"));

        Assert.Equal(421, exception.SmtpStatusCode);
        Assert.True(exception.IsTransient);
        Assert.Equal(3, server.ConnectionCount);
    }

    [Fact]
    public async Task SendAsync_CanceledDuringBackoff_StopsPromptly()
    {
        await using var server = new ScriptedSmtpServer();
        server.On(SmtpPhase.Greeting, SmtpAction.Reply(421, "4.3.2 busy"));
        var settings = WithRetries(server, retries: 10);
        settings["Email:Smtp:Retry:BaseDelay"] = "00:00:05";
        using var factory = EmailClientFactory.FromConfiguration(settings);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>", cancellation.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"Took {clock.Elapsed}; the first backoff is about 5 s.");
        Assert.Equal(1, server.ConnectionCount);
    }

    [Fact]
    public async Task SendAsync_PrimaryUnreachable_FailoverDelivers()
    {
        await using var secondary = new ScriptedSmtpServer();
        var settings = EmailClientFactory.Plaintext(FreePort.Next());
        AddFailover(settings, secondary);
        using var factory = EmailClientFactory.FromConfiguration(settings);

        await factory.Client.SendEmailAsync("jane@example.com", "Via failover", "<p/>");

        Assert.Single(secondary.Messages);
        Assert.Contains(factory.Logs.Entries, e => e.EventId.Name == "EmailFailingOver");
    }

    [Theory]
    [InlineData(SmtpPhase.RcptTo, 550, false)]
    [InlineData(SmtpPhase.Greeting, 421, true)]
    [InlineData(SmtpPhase.Auth, 535, true)]
    public async Task SendAsync_PrimaryFails_FailsOverOnlyForServerFailures(SmtpPhase phase, int code, bool failsOver)
    {
        await using var primary = new ScriptedSmtpServer();
        await using var secondary = new ScriptedSmtpServer();
        primary.On(phase, SmtpAction.Reply(code, "x.0.0 scripted"));
        var settings = SmtpServerFaultTests.Settings(primary, withCredentials: phase == SmtpPhase.Auth);
        AddFailover(settings, secondary);
        using var factory = EmailClientFactory.FromConfiguration(settings);

        var send = factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>");

        if (failsOver)
        {
            await send;
            Assert.Single(secondary.Messages);
        }
        else
        {
            Assert.Equal(code, (await Assert.ThrowsAsync<EmailSendException>(() => send)).SmtpStatusCode);
            Assert.Equal(0, secondary.ConnectionCount);
        }
    }

    [Fact]
    public async Task SendAsync_PrimaryMayHaveDelivered_DoesNotFailOver()
    {
        await using var primary = new ScriptedSmtpServer();
        await using var secondary = new ScriptedSmtpServer();
        primary.On(SmtpPhase.EndOfData, SmtpAction.Close);
        var settings = SmtpServerFaultTests.Settings(primary);
        AddFailover(settings, secondary);
        using var factory = EmailClientFactory.FromConfiguration(settings);

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>"));

        Assert.True(exception.MayHaveBeenDelivered);
        Assert.Equal(0, secondary.ConnectionCount);
    }

    [Fact]
    public void Options_NestedFailoverAndBadRetry_AreRefusedNamingTheKeys()
    {
        var settings = EmailClientFactory.Plaintext(2525);
        settings["Email:Smtp:Retry:MaxRetries"] = "11";
        settings["Email:Smtp:Retry:BaseDelay"] = "00:00:00";
        settings["Email:Smtp:Failover:Host"] = "";
        settings["Email:Smtp:Failover:Failover:Host"] = "third.example";
        using var factory = EmailClientFactory.FromConfiguration(settings);

        var exception = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.Extensions.Options.IOptions<Hyperswitch.Email.Smtp.SmtpOptions>>(factory.Services).Value);

        Assert.Equal(
            [
                "Email:Smtp:Retry:MaxRetries must be between 0 and 10 (it is 11).",
                "Email:Smtp:Retry:BaseDelay must be greater than zero and at most 00:05:00 (it is 00:00:00).",
                "Email:Smtp:Failover:Host must not be empty.",
                "Email:Smtp:Failover:Failover is not supported: give one secondary server in Email:Smtp:Failover.",
            ],
            exception.Failures);
    }

    private static Dictionary<string, string?> WithRetries(ScriptedSmtpServer server, int retries)
    {
        var settings = SmtpServerFaultTests.Settings(server);
        settings["Email:Smtp:Retry:MaxRetries"] = retries.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Email:Smtp:Retry:BaseDelay"] = "00:00:00.010";
        return settings;
    }

    private static void AddFailover(Dictionary<string, string?> settings, ScriptedSmtpServer secondary)
    {
        settings["Email:Smtp:Failover:Host"] = "127.0.0.1";
        settings["Email:Smtp:Failover:Port"] = secondary.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Email:Smtp:Failover:Connection"] = "plaintext";
        settings["Email:Smtp:Failover:Timeout"] = "5";
    }
}
