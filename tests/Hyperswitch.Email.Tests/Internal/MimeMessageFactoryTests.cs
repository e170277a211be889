using Hyperswitch.Email.Internal;
using MimeKit;

namespace Hyperswitch.Email.Tests.Internal;

public sealed class MimeMessageFactoryTests
{
    private static readonly MailboxAddress Sender = new("Shop", "no-reply@shop.example");

    [Fact]
    public void Create_SimpleMessage_IsUtf8HtmlWithDateAndMessageId()
    {
        using var mime = MimeMessageFactory.Create(new EmailMessage("jane@example.com", "Verify", "<p>Hi</p>"), Sender);

        var alternative = Assert.IsType<MultipartAlternative>(mime.Body);
        Assert.Equal(2, alternative.Count);
        var body = Assert.IsType<TextPart>(alternative[1]);
        Assert.Equal("text/html", body.ContentType.MimeType);
        Assert.Equal("utf-8", body.ContentType.Charset);
        Assert.Equal("<p>Hi</p>", body.Text);
        var text = Assert.IsType<TextPart>(alternative[0]);
        Assert.Equal("text/plain", text.ContentType.MimeType);
        Assert.Equal("utf-8", text.ContentType.Charset);
        Assert.Equal("Hi", text.Text);
        Assert.NotEqual(default, mime.Date);
        Assert.EndsWith("@shop.example", mime.MessageId, StringComparison.Ordinal);
        Assert.Equal("\"Shop\" <no-reply@shop.example>", mime.From.ToString());
    }

    [Fact]
    public void Create_NonAsciiSubjectAndName_AreEncodedWords()
    {
        var message = new EmailMessage(new EmailAddress("jose@example.com", "José Müller"), "Vérifiez votre e-mail ✉", "<p>é</p>");
        using var mime = MimeMessageFactory.Create(message, Sender);
        using var stream = new MemoryStream();
        mime.WriteTo(stream);
        var raw = System.Text.Encoding.ASCII.GetString(stream.ToArray());

        Assert.Contains("Subject: =?utf-8?", raw, StringComparison.Ordinal);
        Assert.Contains("To: =?utf-8?", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("é", raw, StringComparison.Ordinal);
        Assert.Equal("Vérifiez votre e-mail ✉", MimeMessage.Load(new MemoryStream(stream.ToArray())).Subject);
    }

    [Fact]
    public void Create_HtmlBody_GetsDerivedTextAlternativeWithTheLink()
    {
        var message = new EmailMessage("jane@example.com", "Verify", "<style>p{}</style><p>Welcome!</p><p><a href=\"https://shop.example/verify?token=a&amp;b\">Verify your email</a></p>");

        using var mime = MimeMessageFactory.Create(message, Sender);

        var alternative = Assert.IsType<MultipartAlternative>(mime.Body);
        Assert.Equal("multipart/alternative", alternative.ContentType.MimeType);
        Assert.Equal("Welcome!\n\nVerify your email (https://shop.example/verify?token=a&b)", alternative.TextBody);
        Assert.Equal(message.HtmlBody, alternative.HtmlBody);
    }

    [Fact]
    public void Create_TextBodyGiven_IsSentAsIs()
    {
        var message = new EmailMessage("jane@example.com", "Verify", "<p>Welcome!</p>") { TextBody = "Hand-written text\n-- Shop" };

        using var mime = MimeMessageFactory.Create(message, Sender);

        var alternative = Assert.IsType<MultipartAlternative>(mime.Body);
        Assert.Equal("Hand-written text\n-- Shop", alternative.TextBody);
        Assert.Equal("<p>Welcome!</p>", alternative.HtmlBody);
    }

    [Fact]
    public void Create_NoRecipient_ThrowsBuildException()
    {
        var exception = Assert.Throws<EmailBuildException>(() => MimeMessageFactory.Create(new EmailMessage { Subject = "x" }, Sender));

        Assert.Equal("To", exception.Field);
        Assert.Equal("The message has no recipient: add at least one address to To.", exception.Message);
    }

    [Theory]
    [InlineData("Hello\r\nBcc: victim@example.com")]
    [InlineData("Hello\nX-Injected: 1")]
    [InlineData("Hello\rX")]
    [InlineData("Hello\0")]
    public void Create_ControlCharacterInSubject_ThrowsBuildException(string subject)
    {
        var exception = Assert.Throws<EmailBuildException>(() => MimeMessageFactory.Create(new EmailMessage("jane@example.com", subject, "<p/>"), Sender));

        Assert.Equal("Subject", exception.Field);
        Assert.Equal("The subject must not contain CR, LF, NUL or other control characters.", exception.Message);
    }

    [Fact]
    public void Create_ControlCharacterInDisplayName_ThrowsBuildExceptionNamingTheField()
    {
        var message = new EmailMessage("jane@example.com", "Hi", "<p/>") { Cc = { new EmailAddress("bob@example.com", "Bob\r\nBcc: victim@example.com") } };

        var exception = Assert.Throws<EmailBuildException>(() => MimeMessageFactory.Create(message, Sender));

        Assert.Equal("Cc[0].DisplayName", exception.Field);
        Assert.Equal("The display name in Cc[0] must not contain CR, LF, NUL or other control characters.", exception.Message);
    }

    [Theory]
    [InlineData("", "The address in To[1] is empty.")]
    [InlineData("bob", "The address in To[1] has no '@'.")]
    [InlineData("bob@", "The address in To[1] is not a valid email address.")]
    [InlineData("@example.com", "The address in To[1] is not a valid email address.")]
    [InlineData("bob@@example.com", "The address in To[1] is not a valid email address.")]
    [InlineData("bob@example.com\r\nBcc: victim@example.com", "The address in To[1] contains a control character (CR, LF or NUL).")]
    [InlineData("bob@example.com, eve@example.com", "The address in To[1] is not a valid email address.")]
    [InlineData("Bob <bob@example.com>", "The address in To[1] must be a bare address such as jane@example.com, without a display name or comment (give the display name separately).")]
    public void Create_InvalidAddress_ThrowsParseExceptionNamingTheField(string address, string expected)
    {
        var message = new EmailMessage("jane@example.com", "Hi", "<p/>") { To = { address } };

        var exception = Assert.Throws<EmailParseException>(() => MimeMessageFactory.Create(message, Sender));

        Assert.Equal("To[1]", exception.Field);
        Assert.Equal(expected, exception.Message);
    }

    [Theory]
    [InlineData("From")]
    [InlineData("Bcc[0]")]
    [InlineData("ReplyTo[0]")]
    public void Create_InvalidAddressInOtherFields_NamesThatField(string field)
    {
        var message = new EmailMessage("jane@example.com", "Hi", "<p/>");
        switch (field)
        {
            case "From": message.From = "not-an-address"; break;
            case "Bcc[0]": message.Bcc.Add("not-an-address"); break;
            default: message.ReplyTo.Add("not-an-address"); break;
        }

        var exception = Assert.Throws<EmailParseException>(() => MimeMessageFactory.Create(message, Sender));

        Assert.Equal(field, exception.Field);
    }

    [Fact]
    public void Create_AllRecipientFields_AreKeptAndBccIsNotAHeader()
    {
        var message = new EmailMessage("jane@example.com", "Hi", "<p/>")
        {
            From = new EmailAddress("support@shop.example", "Support"),
            Cc = { "cc@example.com" },
            Bcc = { "bcc@example.com" },
            ReplyTo = { "help@shop.example" },
        };
        using var mime = MimeMessageFactory.Create(message, Sender);
        using var stream = new MemoryStream();
        mime.WriteTo(stream);
        var raw = System.Text.Encoding.ASCII.GetString(stream.ToArray());

        Assert.Equal("\"Support\" <support@shop.example>", mime.From.ToString());
        Assert.Equal(["jane@example.com", "cc@example.com", "bcc@example.com"], mime.GetRecipients().Select(m => m.Address));
        Assert.Contains("Reply-To: help@shop.example", raw, StringComparison.Ordinal);
        // MimeKit strips Bcc when it sends; the SMTP envelope still carries it.
        Assert.Equal("bcc@example.com", mime.Bcc.Mailboxes.Single().Address);
    }
}
