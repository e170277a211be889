namespace Hyperswitch.Email.Tests.Smtp;

/// <summary>
/// Every fault the scripted server can inject, and the exact outcome: exception type, failure kind, SMTP code,
/// transient or not, and what the server received (a failure before DATA means DATA was never sent).
/// </summary>
public sealed class SmtpServerFaultTests
{
    public static TheoryData<string, SmtpPhase, int, EmailSendFailure, bool> Replies()
    {
        var data = new TheoryData<string, SmtpPhase, int, EmailSendFailure, bool>();
        data.Add("greeting 421", SmtpPhase.Greeting, 421, EmailSendFailure.Connect, true);
        data.Add("greeting 554", SmtpPhase.Greeting, 554, EmailSendFailure.Connect, false);
        foreach (var code in new[] { 450, 451, 452, 550, 551, 552, 553, 554 })
        {
            data.Add($"MAIL {code}", SmtpPhase.MailFrom, code, EmailSendFailure.SenderRejected, code < 500);
            data.Add($"RCPT {code}", SmtpPhase.RcptTo, code, EmailSendFailure.RecipientRejected, code < 500);
            data.Add($"end of DATA {code}", SmtpPhase.EndOfData, code, EmailSendFailure.MessageRejected, code < 500);
        }

        data.Add("AUTH 535", SmtpPhase.Auth, 535, EmailSendFailure.Authentication, false);
        data.Add("AUTH 454", SmtpPhase.Auth, 454, EmailSendFailure.Authentication, true);
        return data;
    }

    [Theory]
    [MemberData(nameof(Replies))]
    public async Task SendAsync_ErrorReply_MapsCodeStageAndTransience(string scenario, SmtpPhase phase, int code, EmailSendFailure failure, bool transient)
    {
        await using var server = NewServer();
        server.On(phase, SmtpAction.Reply(code, $"{code / 100}.0.0 scripted {scenario}"));
        using var factory = EmailClientFactory.FromConfiguration(Settings(server, withCredentials: phase == SmtpPhase.Auth));

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p>body</p>"));

        Assert.Equal(failure, exception.Failure);
        Assert.Equal(code, exception.SmtpStatusCode);
        Assert.Equal(transient, exception.IsTransient);
        Assert.False(exception.MayHaveBeenDelivered);
        Assert.Empty(server.Messages);
        Assert.Equal(phase == SmtpPhase.EndOfData ? 1 : 0, server.DataCommandCount);
        if (phase == SmtpPhase.RcptTo)
        {
            Assert.Equal("jane@example.com", exception.Mailbox);
        }
    }

    [Theory]
    [InlineData(SmtpPhase.Greeting)]
    [InlineData(SmtpPhase.Ehlo)]
    [InlineData(SmtpPhase.MailFrom)]
    [InlineData(SmtpPhase.RcptTo)]
    [InlineData(SmtpPhase.Data)]
    public async Task SendAsync_ConnectionClosedBeforeContent_IsTransientAndNeverSendsData(SmtpPhase phase)
    {
        await using var server = NewServer();
        server.On(phase, SmtpAction.Close);
        using var factory = EmailClientFactory.FromConfiguration(Settings(server));

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>"));

        Assert.Equal(EmailSendFailure.Protocol, exception.Failure);
        Assert.True(exception.IsTransient);
        Assert.False(exception.MayHaveBeenDelivered);
        Assert.Null(exception.SmtpStatusCode);
        Assert.Equal(phase == SmtpPhase.Data ? 1 : 0, server.DataCommandCount);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task SendAsync_ConnectionClosedInTheMiddleOfLargeContent_IsTransient()
    {
        // The server drops the connection after the first line of a 4 MB message: the client's writes fail before
        // the final dot, so the server certainly does not have the message.
        await using var server = NewServer();
        server.On(SmtpPhase.MidData, SmtpAction.Close);
        using var factory = EmailClientFactory.FromConfiguration(Settings(server));

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", LargeHtml(4)));

        Assert.Equal(EmailSendFailure.Protocol, exception.Failure);
        Assert.True(exception.IsTransient);
        Assert.False(exception.MayHaveBeenDelivered);
        Assert.Equal(1, server.DataCommandCount);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task SendAsync_ConnectionClosedAfterFinalDot_IsAmbiguousAndNotTransient()
    {
        await using var server = NewServer();
        server.On(SmtpPhase.EndOfData, SmtpAction.Close);
        using var factory = EmailClientFactory.FromConfiguration(Settings(server));

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>"));

        Assert.Equal(EmailSendFailure.Protocol, exception.Failure);
        Assert.True(exception.MayHaveBeenDelivered);
        Assert.False(exception.IsTransient);
        Assert.Contains("may have accepted it, so it is not retried", exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.DataCommandCount);
    }

    [Theory]
    [InlineData(SmtpPhase.Greeting, false)]
    [InlineData(SmtpPhase.Data, false)]
    [InlineData(SmtpPhase.EndOfData, true)]
    public async Task SendAsync_ServerStalls_TimeoutEndsTheSend(SmtpPhase phase, bool ambiguous)
    {
        await using var server = NewServer();
        server.On(phase, SmtpAction.Stall);
        using var factory = EmailClientFactory.FromConfiguration(Settings(server, timeoutSeconds: 1));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>"));

        Assert.Equal(EmailSendFailure.Timeout, exception.Failure);
        Assert.Equal(ambiguous, exception.MayHaveBeenDelivered);
        Assert.Equal(!ambiguous, exception.IsTransient);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"Took {clock.Elapsed} with a 1 s timeout.");
    }

    [Fact]
    public async Task SendAsync_MessageOverAdvertisedSize_FailsBeforeData()
    {
        await using var server = NewServer();
        server.Extensions.Add("SIZE 2000");
        using var factory = EmailClientFactory.FromConfiguration(Settings(server));

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", new string('x', 10_000)));

        Assert.Equal(EmailSendFailure.MessageRejected, exception.Failure);
        Assert.Equal(552, exception.SmtpStatusCode);
        Assert.False(exception.IsTransient);
        Assert.Equal(0, server.DataCommandCount);
    }

    internal static ScriptedSmtpServer NewServer() => new();

    internal static Dictionary<string, string?> Settings(ScriptedSmtpServer server, int timeoutSeconds = 5, bool withCredentials = false)
    {
        var settings = EmailClientFactory.Plaintext(server.Port, timeoutSeconds);
        if (withCredentials)
        {
            server.AuthMechanisms = "PLAIN LOGIN";
            server.Credentials = ("mailer", "Corr3ct-H0rse");
            settings["Email:Smtp:Username"] = "mailer";
            settings["Email:Smtp:Password"] = "Corr3ct-H0rse";
            settings["Email:Smtp:AllowPlaintextAuthentication"] = "true";
        }

        return settings;
    }

    internal static string LargeHtml(int megabytes)
    {
        var line = "<p>" + new string('a', 70) + "</p>\n";
        return string.Concat(Enumerable.Repeat(line, megabytes * 1024 * 1024 / line.Length));
    }
}
