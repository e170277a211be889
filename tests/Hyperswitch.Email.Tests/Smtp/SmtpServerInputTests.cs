using MimeKit;

namespace Hyperswitch.Email.Tests.Smtp;

/// <summary>The bad-input table: each input gets a typed error before any connection, or is sent correctly. Never a header injection, never a half-sent message.</summary>
public sealed class SmtpServerInputTests
{
    public static TheoryData<string, Func<EmailMessage>, Type, string> Refused() => new()
    {
        { "CR/LF in subject", () => new EmailMessage("jane@example.com", "Hi\r\nBcc: victim@example.com", "<p/>"), typeof(EmailBuildException), "Subject" },
        { "LF in subject", () => new EmailMessage("jane@example.com", "Hi\nX-Injected: yes", "<p/>"), typeof(EmailBuildException), "Subject" },
        { "NUL in subject", () => new EmailMessage("jane@example.com", "Hi\0", "<p/>"), typeof(EmailBuildException), "Subject" },
        { "CR/LF in display name", () => new EmailMessage(new EmailAddress("jane@example.com", "Jane\r\nBcc: victim@example.com"), "Hi", "<p/>"), typeof(EmailBuildException), "To[0].DisplayName" },
        { "NUL in display name", () => new EmailMessage(new EmailAddress("jane@example.com", "Jane\0"), "Hi", "<p/>"), typeof(EmailBuildException), "To[0].DisplayName" },
        { "CR/LF in address", () => new EmailMessage("jane@example.com\r\nRCPT TO:<victim@example.com>", "Hi", "<p/>"), typeof(EmailParseException), "To[0]" },
        { "NUL in address", () => new EmailMessage("jane@exam\0ple.com", "Hi", "<p/>"), typeof(EmailParseException), "To[0]" },
        { "CR/LF in From", () => new EmailMessage("jane@example.com", "Hi", "<p/>") { From = "a@b.example\r\nX: y" }, typeof(EmailParseException), "From" },
        { "two addresses in one", () => new EmailMessage("jane@example.com, eve@example.com", "Hi", "<p/>"), typeof(EmailParseException), "To[0]" },
        { "no recipient", () => new EmailMessage { Subject = "Hi" }, typeof(EmailBuildException), "To" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task SendAsync_BadInput_TypedErrorAndNoConnection(string scenario, Func<EmailMessage> message, Type expected, string field)
    {
        await using var server = new ScriptedSmtpServer();
        using var factory = EmailClientFactory.FromConfiguration(SmtpServerFaultTests.Settings(server));

        var exception = await Assert.ThrowsAnyAsync<EmailException>(() => factory.Client.SendAsync(message()));

        Assert.IsType(expected, exception);
        Assert.Equal(field, exception is EmailParseException parse ? parse.Field : ((EmailBuildException)exception).Field);
        Assert.True(server.ConnectionCount == 0, $"{scenario}: a connection was opened.");
    }

    [Fact]
    public async Task SendAsync_QuotedLocalPart_IsSentQuoted()
    {
        await using var server = new ScriptedSmtpServer();
        using var factory = EmailClientFactory.FromConfiguration(SmtpServerFaultTests.Settings(server));

        await factory.Client.SendEmailAsync("\"john doe\"@example.com", "Quoted", "<p/>");

        Assert.Equal("RCPT TO:<\"john doe\"@example.com>", Assert.Single(Assert.Single(server.Messages).Recipients));
    }

    [Fact]
    public async Task SendAsync_AddressWithComment_IsRefusedBeforeConnecting()
    {
        // MimeKit reads the comment as a display name: refused, rather than guessing what the caller meant.
        await using var server = new ScriptedSmtpServer();
        using var factory = EmailClientFactory.FromConfiguration(SmtpServerFaultTests.Settings(server));

        var exception = await Assert.ThrowsAsync<EmailParseException>(() => factory.Client.SendEmailAsync("jane@example.com (Jane)", "Comment", "<p/>"));

        Assert.Equal("To[0]", exception.Field);
        Assert.Contains("without a display name or comment", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.ConnectionCount);
    }

    [Fact]
    public async Task SendAsync_InternationalDomainWithoutSmtpUtf8_IsSentAsPunycode()
    {
        await using var server = new ScriptedSmtpServer();
        using var factory = EmailClientFactory.FromConfiguration(SmtpServerFaultTests.Settings(server));

        await factory.Client.SendEmailAsync("jane@bücher.example", "IDN", "<p/>");

        Assert.Equal("RCPT TO:<jane@xn--bcher-kva.example>", Assert.Single(Assert.Single(server.Messages).Recipients));
    }

    [Fact]
    public async Task SendAsync_Utf8LocalPartWithoutSmtpUtf8_FailsBeforeMailFrom()
    {
        await using var server = new ScriptedSmtpServer();
        using var factory = EmailClientFactory.FromConfiguration(SmtpServerFaultTests.Settings(server));

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jöhn@example.com", "UTF-8", "<p/>"));

        Assert.Equal(EmailSendFailure.RecipientRejected, exception.Failure);
        Assert.False(exception.IsTransient);
        Assert.Equal("jöhn@example.com", exception.Mailbox);
        Assert.Contains("SMTPUTF8", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Commands, c => c.Line.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SendAsync_Utf8LocalPartWithSmtpUtf8_IsSentWithTheExtension()
    {
        await using var server = new ScriptedSmtpServer();
        server.Extensions.Add("SMTPUTF8");
        server.Extensions.Add("8BITMIME");
        using var factory = EmailClientFactory.FromConfiguration(SmtpServerFaultTests.Settings(server));

        await factory.Client.SendEmailAsync("jöhn@bücher.example", "UTF-8", "<p/>");

        var message = Assert.Single(server.Messages);
        Assert.Contains("SMTPUTF8", message.MailFrom, StringComparison.Ordinal);
        Assert.Equal("RCPT TO:<jöhn@bücher.example>", Assert.Single(message.Recipients));
    }

    [Fact]
    public async Task SendAsync_EmptySubject_IsSent()
    {
        await using var server = new ScriptedSmtpServer();
        using var factory = EmailClientFactory.FromConfiguration(SmtpServerFaultTests.Settings(server));

        await factory.Client.SendEmailAsync("jane@example.com", string.Empty, "<p>no subject</p>");

        var parsed = Parse(Assert.Single(server.Messages).Content);
        Assert.Equal(string.Empty, parsed.Subject ?? string.Empty);
        Assert.Equal("<p>no subject</p>", parsed.HtmlBody!.Trim());
    }

    [Fact]
    public async Task SendAsync_TenMegabyteBody_ArrivesIntact()
    {
        await using var server = new ScriptedSmtpServer();
        using var factory = EmailClientFactory.FromConfiguration(SmtpServerFaultTests.Settings(server, timeoutSeconds: 30));
        var html = SmtpServerFaultTests.LargeHtml(10);

        await factory.Client.SendEmailAsync("jane@example.com", "Large", html);

        Assert.Equal(html, Parse(Assert.Single(server.Messages).Content).HtmlBody);
    }

    [Fact]
    public async Task SendAsync_ContentWithDotLines_IsDotStuffedAndRestored()
    {
        await using var server = new ScriptedSmtpServer();
        using var factory = EmailClientFactory.FromConfiguration(SmtpServerFaultTests.Settings(server));
        const string html = "<p>line</p>\n.\n..\n.QUIT\n<p>end</p>";

        await factory.Client.SendEmailAsync("jane@example.com", "Dots", html);

        // Lines that are a lone dot or start with one must not end the DATA early nor be read as commands.
        Assert.Equal(html.ReplaceLineEndings("\r\n"), Parse(Assert.Single(server.Messages).Content).HtmlBody!.ReplaceLineEndings("\r\n").TrimEnd());
        Assert.Equal(1, server.DataCommandCount);
    }

    private static MimeMessage Parse(string content) => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)));
}
