using MimeKit;

namespace Hyperswitch.Email.Tests.Content;

/// <summary>Attachments, inline images, custom headers and the size limit, checked on what smtp4dev received.</summary>
[Collection(Smtp4devCollectionDefinition.Name)]
public sealed class MessageContentTests(Smtp4devFixture sinks)
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    [Fact]
    public async Task SendAsync_AttachmentsAndInlineImage_HaveTheStructureMailClientsExpect()
    {
        using var factory = EmailClientFactory.FromConfiguration(EmailClientFactory.Plaintext(sinks.Plain.SmtpPort));
        var subject = $"Invoice {Guid.NewGuid():N}";
        var path = Path.Combine(Path.GetTempPath(), $"terms-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(path, "Terms and conditions");
        try
        {
            var message = new EmailMessage("jane@example.com", subject, "<p><img src=\"cid:logo\" alt=\"Shop\"> Your invoice is attached.</p>")
            {
                Attachments =
                {
                    EmailAttachment.Inline("logo", "logo.png", Png),
                    EmailAttachment.FromBytes("Rechnung für Müller.pdf", "%PDF-1.4"u8.ToArray()),
                    await EmailAttachment.FromStreamAsync("data.csv", new MemoryStream("a,b\n1,2\n"u8.ToArray())),
                    await EmailAttachment.FromFileAsync(path, "terms.txt"),
                },
            };

            await factory.Client.SendAsync(message);
        }
        finally
        {
            File.Delete(path);
        }

        var raw = await sinks.Plain.RawAsync((await sinks.Plain.WaitForMessageAsync(subject)).Id);
        var received = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(raw)));
        var mixed = Assert.IsType<Multipart>(received.Body);
        Assert.Equal("multipart/mixed", mixed.ContentType.MimeType);
        var alternative = Assert.IsType<MultipartAlternative>(mixed[0]);
        Assert.Equal("text/plain", alternative[0].ContentType.MimeType);
        var related = Assert.IsType<MultipartRelated>(alternative[1]);
        Assert.Equal("text/html", related.Root!.ContentType.MimeType);
        var logo = Assert.IsType<MimePart>(related[1]);
        Assert.Equal(("image/png", "logo", "inline"), (logo.ContentType.MimeType, logo.ContentId, logo.ContentDisposition!.Disposition));
        Assert.Equal(Png, Decode(logo));

        var files = mixed.Skip(1).Cast<MimePart>().ToList();
        Assert.Equal(["Rechnung für Müller.pdf", "data.csv", "terms.txt"], files.Select(f => f.FileName));
        Assert.Equal(["application/pdf", "text/csv", "text/plain"], files.Select(f => f.ContentType.MimeType));
        Assert.All(files, f => Assert.Equal("attachment", f.ContentDisposition!.Disposition));
        Assert.Equal("Terms and conditions", System.Text.Encoding.UTF8.GetString(Decode(files[2])));
        // RFC 2231: an extended parameter with a charset, percent-encoded (MimeKit picks the smallest charset that fits).
        Assert.Matches(@"filename\*=(utf-8|iso-8859-1)''Rechnung%20f%[0-9A-F]{2}(%[0-9A-F]{2})?r%20M%[0-9A-F]{2}(%[0-9A-F]{2})?ller\.pdf", raw);
    }

    [Fact]
    public async Task SendAsync_CustomHeaders_ArriveEncoded()
    {
        using var factory = EmailClientFactory.FromConfiguration(EmailClientFactory.Plaintext(sinks.Plain.SmtpPort));
        var subject = $"Headers {Guid.NewGuid():N}";
        var message = new EmailMessage("jane@example.com", subject, "<p/>")
        {
            Headers =
            {
                ["List-Unsubscribe"] = "<https://shop.example/unsubscribe?u=1>, <mailto:unsubscribe@shop.example>",
                ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
                ["Auto-Submitted"] = "auto-generated",
                ["X-Campaign"] = "Été 2026",
            },
        };

        await factory.Client.SendAsync(message);

        var details = await sinks.Plain.DetailsAsync((await sinks.Plain.WaitForMessageAsync(subject)).Id);
        Assert.Equal("<https://shop.example/unsubscribe?u=1>, <mailto:unsubscribe@shop.example>", details.Header("List-Unsubscribe"));
        Assert.Equal("auto-generated", details.Header("Auto-Submitted"));
        Assert.Equal("List-Unsubscribe=One-Click", details.Header("List-Unsubscribe-Post"));
        Assert.Equal("Été 2026", details.Header("X-Campaign"));
    }

    public static TheoryData<string, Action<EmailMessage>, string, string> Refused() => new()
    {
        { "CR/LF in a header value", m => m.Headers["X-Tag"] = "a\r\nBcc: victim@example.com", "Headers[X-Tag]", "The value of the header X-Tag must not be null nor contain CR, LF, NUL or other control characters." },
        { "NUL in a header value", m => m.Headers["X-Tag"] = "a\0", "Headers[X-Tag]", "The value of the header X-Tag must not be null nor contain CR, LF, NUL or other control characters." },
        { "LF in a header name", m => m.Headers["X-Tag\nBcc"] = "a", "Headers[X-Tag\nBcc]", "The header name 'X-Tag?Bcc' is not valid: use printable ASCII without spaces or ':'." },
        { "colon in a header name", m => m.Headers["X-Tag:"] = "a", "Headers[X-Tag:]", "The header name 'X-Tag:' is not valid: use printable ASCII without spaces or ':'." },
        { "overriding From", m => m.Headers["From"] = "ceo@shop.example", "Headers[From]", "The header From is set by the library and cannot be set through Headers." },
        { "overriding Message-ID", m => m.Headers["message-id"] = "<x@y>", "Headers[message-id]", "The header message-id is set by the library and cannot be set through Headers." },
        { "overriding Date", m => m.Headers["Date"] = "Mon, 1 Jan 2024 00:00:00 +0000", "Headers[Date]", "The header Date is set by the library and cannot be set through Headers." },
        { "cid without inline part", m => m.HtmlBody = "<img src=\"cid:missing\">", "HtmlBody", "The HTML body shows cid:missing, but no inline attachment has that Content-ID." },
        { "two inline parts, one Content-ID", m => { m.HtmlBody = "<img src=\"cid:a\">"; m.Attachments.Add(EmailAttachment.Inline("a", "a.png", Png)); m.Attachments.Add(EmailAttachment.Inline("a", "b.png", Png)); }, "Attachments[1].ContentId", "Two inline attachments have the Content-ID 'a'." },
        { "CR/LF in a file name", m => m.Attachments.Add(EmailAttachment.FromBytes("a\r\nb.pdf", Png)), "Attachments[0].FileName", "The file name of Attachments[0] must not contain CR, LF, NUL or other control characters." },
        { "bad content type", m => m.Attachments.Add(EmailAttachment.FromBytes("a.bin", Png, "not a type")), "Attachments[0].ContentType", "The content type of Attachments[0] is not a MIME type such as application/pdf." },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task SendAsync_BadContent_BuildErrorAndNoConnection(string scenario, Action<EmailMessage> change, string field, string expected)
    {
        await using var server = new ScriptedSmtpServer();
        using var factory = EmailClientFactory.FromConfiguration(Smtp.SmtpServerFaultTests.Settings(server));
        var message = new EmailMessage("jane@example.com", "Hi", "<p/>");
        change(message);

        var exception = await Assert.ThrowsAsync<EmailBuildException>(() => factory.Client.SendAsync(message));

        Assert.Equal(field, exception.Field);
        Assert.Equal(expected, exception.Message);
        Assert.True(server.ConnectionCount == 0, $"{scenario}: a connection was opened.");
    }

    [Fact]
    public async Task SendAsync_OverMaxMessageSize_RefusedBeforeConnecting()
    {
        await using var server = new ScriptedSmtpServer();
        var settings = Smtp.SmtpServerFaultTests.Settings(server);
        settings["Email:MaxMessageSize"] = "5000";
        using var factory = EmailClientFactory.FromConfiguration(settings);

        await factory.Client.SendEmailAsync("jane@example.com", "Small", "<p>fits</p>");
        var exception = await Assert.ThrowsAsync<EmailBuildException>(
            () => factory.Client.SendAsync(new EmailMessage("jane@example.com", "Large", "<p/>") { Attachments = { EmailAttachment.FromBytes("big.bin", new byte[10_000]) } }));

        Assert.Equal("MaxMessageSize", exception.Field);
        Assert.Matches(@"^The message is \d+ bytes, over the 5000 bytes that Email:MaxMessageSize allows; nothing was sent\.$", exception.Message);
        Assert.Equal(1, server.ConnectionCount);
    }

    private static byte[] Decode(MimePart part)
    {
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return stream.ToArray();
    }
}
