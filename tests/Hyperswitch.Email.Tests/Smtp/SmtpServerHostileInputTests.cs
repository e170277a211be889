using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Hyperswitch.Email.Tests.Smtp;

/// <summary>
/// Input that would hijack the envelope or smuggle SMTP: routing headers, bare CR and LF in bodies, Unicode line
/// separators, addresses over the RFC 5321 limits. Each is refused before any connection, or sent safely.
/// </summary>
public sealed class SmtpServerHostileInputTests
{
    private static readonly string LocalPart64 = new('a', 64);

    public static TheoryData<string> RoutingHeaders() =>
    [
        "Resent-Sender", "Resent-From", "Resent-To", "Resent-Cc", "resent-bcc", "Resent-Date", "Resent-Message-ID",
        "Sender", "Return-Path", "Received", "Delivered-To", "Envelope-To", "X-Original-To", "Errors-To",
        "ARC-Seal", "Authentication-Results",
    ];

    [Theory]
    [MemberData(nameof(RoutingHeaders))]
    public async Task SendAsync_RoutingOrIdentityHeader_RefusedNamingItAndNoConnection(string name)
    {
        await using var server = new ScriptedSmtpServer();
        using var factory = EmailClientFactory.FromConfiguration(SmtpServerFaultTests.Settings(server));
        var message = new EmailMessage("jane@example.com", "Hi", "<p/>") { Headers = { [name] = "evil@attacker.example" } };

        var exception = await Assert.ThrowsAsync<EmailBuildException>(() => factory.Client.SendAsync(message));

        Assert.Equal($"Headers[{name}]", exception.Field);
        Assert.Contains($"The header {name} ", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.ConnectionCount);
    }

    [Fact]
    public async Task SendAsync_StoredMessageWithResentHeaders_EnvelopeStillComesFromFromToCcBcc()
    {
        // A message built elsewhere (an outbox row) may carry Resent-* headers: MailKit would route by them.
        await using var server = new ScriptedSmtpServer();
        using var factory = EmailClientFactory.FromConfiguration(SmtpServerFaultTests.Settings(server));
        using var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse("no-reply@shop.example"));
        mime.To.Add(MailboxAddress.Parse("jane@example.com"));
        mime.Bcc.Add(MailboxAddress.Parse("audit@shop.example"));
        mime.ResentSender = MailboxAddress.Parse("evil-sender@attacker.example");
        mime.ResentCc.Add(MailboxAddress.Parse("evil@attacker.example"));
        mime.Subject = "Hi";
        mime.MessageId = "stored@shop.example";
        mime.Body = new TextPart("plain") { Text = "body" };
        using var bytes = new MemoryStream();
        mime.WriteTo(bytes);

        await factory.Sender.SendAsync(PreparedEmail.Load(bytes.ToArray()));

        var received = Assert.Single(server.Messages);
        Assert.Equal("MAIL FROM:<no-reply@shop.example>", received.MailFrom);
        Assert.Equal(["RCPT TO:<jane@example.com>", "RCPT TO:<audit@shop.example>"], received.Recipients);
        Assert.DoesNotContain(server.Commands, c => c.Line.Contains("attacker.example", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendAsync_BareCarriageReturnsAndLineFeedsInBodies_OnlyCrLfReachesTheWire()
    {
        await using var server = new ScriptedSmtpServer();
        using var factory = EmailClientFactory.FromConfiguration(SmtpServerFaultTests.Settings(server));
        var message = new EmailMessage("jane@example.com", "Hi", "<p>a</p>\r.\r\nMAIL FROM:<x@evil.example>\r\n<p>b\rc\nd</p>")
        {
            TextBody = "one\rtwo\nthree\r\n.\r\nRCPT TO:<y@evil.example>\n\r\n",
        };

        await factory.Client.SendAsync(message);

        var received = Assert.Single(server.Messages);
        Assert.False(received.BareLineEndings, "A bare CR or LF reached the wire.");
        Assert.Single(server.Commands, c => c.Line.StartsWith("MAIL", StringComparison.Ordinal));
        Assert.Single(server.Commands, c => c.Line.StartsWith("RCPT", StringComparison.Ordinal));
        Assert.Equal(1, server.DataCommandCount);
        Assert.Contains("MAIL FROM:<x@evil.example>", received.Content, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SendAsync_LinesLongerThan998Octets_AreEncodedWithin998(bool eightBitMime)
    {
        await using var server = new ScriptedSmtpServer();
        if (eightBitMime)
        {
            server.Extensions.Add("8BITMIME");
        }

        using var factory = EmailClientFactory.FromConfiguration(SmtpServerFaultTests.Settings(server));
        var message = new EmailMessage("jane@example.com", "Hi", "<p>" + string.Concat(Enumerable.Repeat("héllo-wörld", 1000)) + "</p>")
        {
            TextBody = new string('t', 5000),
            Headers = { ["X-Long"] = new string('h', 3000) },
        };

        await factory.Client.SendAsync(message);

        var received = Assert.Single(server.Messages);
        Assert.True(received.LongestLine <= 998, $"A line of {received.LongestLine} octets reached the wire.");
        Assert.False(received.BareLineEndings);
        using var parsed = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(received.Content)));
        Assert.Equal(new string('t', 5000), parsed.TextBody?.TrimEnd());
        Assert.Equal(new string('h', 3000), parsed.Headers["X-Long"]?.Replace(" ", string.Empty, StringComparison.Ordinal));
    }

    public static TheoryData<string, Func<EmailMessage>, string> Separators()
    {
        var data = new TheoryData<string, Func<EmailMessage>, string>();
        foreach (var separator in new[] { "\u0085", "\u2028", "\u2029" })
        {
            var name = $"U+{(int)separator[0]:X4}";
            data.Add($"{name} in the subject", () => new EmailMessage("jane@example.com", $"Hi{separator}Bcc: victim@example.com", "<p/>"), "Subject");
            data.Add($"{name} in a display name", () => new EmailMessage(new EmailAddress("jane@example.com", $"Jane{separator}X"), "Hi", "<p/>"), "To[0].DisplayName");
            data.Add($"{name} in a header value", () => new EmailMessage("jane@example.com", "Hi", "<p/>") { Headers = { ["X-Tag"] = $"a{separator}b" } }, "Headers[X-Tag]");
            data.Add($"{name} in a file name", () => new EmailMessage("jane@example.com", "Hi", "<p/>") { Attachments = { EmailAttachment.FromBytes($"a{separator}b.pdf", new byte[] { 1 }) } }, "Attachments[0].FileName");
            data.Add($"{name} in an address", () => new EmailMessage($"jane{separator}@example.com", "Hi", "<p/>"), "To[0]");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Separators))]
    public async Task SendAsync_UnicodeLineSeparator_RefusedLikeCrLf(string scenario, Func<EmailMessage> message, string field)
    {
        await using var server = new ScriptedSmtpServer();
        using var factory = EmailClientFactory.FromConfiguration(SmtpServerFaultTests.Settings(server));

        var exception = await Assert.ThrowsAnyAsync<EmailException>(() => factory.Client.SendAsync(message()));

        Assert.Equal(field, exception is EmailParseException parse ? parse.Field : ((EmailBuildException)exception).Field);
        Assert.True(server.ConnectionCount == 0, $"{scenario}: a connection was opened.");
    }

    [Theory]
    [InlineData("\u0085")]
    [InlineData("\u2028")]
    [InlineData("\u2029")]
    public void Options_SenderNameWithUnicodeLineSeparator_IsRefused(string separator)
    {
        var settings = EmailClientFactory.Plaintext(2525);
        settings["Email:SenderName"] = $"Shop{separator}Bcc: victim@example.com";
        using var factory = EmailClientFactory.FromConfiguration(settings);

        var exception = Assert.Throws<OptionsValidationException>(() => factory.Services.GetRequiredService<IOptions<EmailOptions>>().Value);

        Assert.Contains("Email:SenderName must not contain CR, LF, NUL or other control characters.", exception.Failures);
    }

    public static TheoryData<string, string> TooLong() => new()
    {
        { new string('a', 65) + "@example.com", "has a local part (before the '@') of 65 octets, over the 64 that SMTP allows (RFC 5321)" },
        { new string('a', 70) + "@" + new string('b', 240) + ".example", "has a local part (before the '@') of 70 octets, over the 64 that SMTP allows (RFC 5321)" },
        { "jane@" + string.Join('.', Enumerable.Repeat(new string('d', 60), 5)), "has a domain of 304 octets, over the 255 that SMTP allows (RFC 5321)" },
        { LocalPart64 + "@" + string.Join('.', Enumerable.Repeat(new string('d', 60), 3)) + "." + new string('e', 20) + ".example", "is 276 octets long, over the 254 that SMTP allows (RFC 5321: 256 for the path, brackets included)" },
    };

    [Theory]
    [MemberData(nameof(TooLong))]
    public async Task SendAsync_AddressOverRfc5321Limits_ParseErrorNamingTheFieldAndNoConnection(string address, string problem)
    {
        await using var server = new ScriptedSmtpServer();
        using var factory = EmailClientFactory.FromConfiguration(SmtpServerFaultTests.Settings(server));
        var message = new EmailMessage("jane@example.com", "Hi", "<p/>") { Cc = { address } };

        var exception = await Assert.ThrowsAsync<EmailParseException>(() => factory.Client.SendAsync(message));

        Assert.Equal("Cc[0]", exception.Field);
        Assert.Equal($"The address in Cc[0] {problem}.", exception.Message);
        Assert.Equal(0, server.ConnectionCount);
    }

    [Fact]
    public async Task SendAsync_AddressAtTheLimits_IsSent()
    {
        await using var server = new ScriptedSmtpServer();
        using var factory = EmailClientFactory.FromConfiguration(SmtpServerFaultTests.Settings(server));
        var address = $"{LocalPart64}@{new string('d', 61)}.{new string('d', 61)}.{new string('d', 57)}.example";

        await factory.Client.SendEmailAsync(address, "Hi", "<p/>");

        Assert.Equal(254, address.Length);
        Assert.Equal([$"RCPT TO:<{address}>"], Assert.Single(server.Messages).Recipients);
    }
}
