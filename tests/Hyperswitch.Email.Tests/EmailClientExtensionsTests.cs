using System.Net;
using System.Text;
using MimeKit;

namespace Hyperswitch.Email.Tests;

[Collection(Smtp4devCollectionDefinition.Name)]
public sealed class EmailClientExtensionsTests(Smtp4devFixture sinks)
{
    private static readonly Uri BaseUrl = new("https://shop.example/app/");

    private Smtp4dev Sink => sinks.Plain;

    [Fact]
    public async Task ComposeAndSendAsync_EmailData_RendersForBaseUrlAndDeliversBothParts()
    {
        using var factory = EmailClientFactory.FromConfiguration(EmailClientFactory.Plaintext(Sink.SmtpPort));
        var subject = $"Verify your email {Guid.NewGuid():N}";
        var data = new VerifyEmail("jane@example.com", "Jane <script>", "tok/en+1", subject);

        await factory.Client.ComposeAndSendAsync(BaseUrl, data);

        var summary = await Sink.WaitForMessageAsync(subject);
        var details = await Sink.DetailsAsync(summary.Id);
        Assert.Equal(["jane@example.com"], details.DeliveredTo);
        Assert.Equal("Shop <no-reply@shop.example>", details.Header("From"));
        var mime = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(await Sink.RawAsync(summary.Id))));
        var alternative = Assert.IsType<MultipartAlternative>(mime.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(part => part.ContentType.MimeType));
        Assert.All(alternative, part => Assert.Equal("utf-8", part.ContentType.Charset));
        Assert.Equal(
            "<p>Hello Jane &lt;script&gt;,</p><p><a href=\"https://shop.example/app/verify?token=tok%2Fen%2B1\">Verify your email</a></p>",
            alternative.HtmlBody);
        Assert.Equal("Hello Jane <script>,\n\nVerify your email (https://shop.example/app/verify?token=tok%2Fen%2B1)", alternative.TextBody?.Replace("\r\n", "\n"));
    }

    [Fact]
    public async Task ComposeAndSendAsync_TextBodyGiven_IsSentInsteadOfTheDerivedOne()
    {
        using var factory = EmailClientFactory.FromConfiguration(EmailClientFactory.Plaintext(Sink.SmtpPort));
        var subject = $"Invite {Guid.NewGuid():N}";
        var data = new FixedEmail(new EmailContents(new EmailAddress("bob@example.com", "Bob"), subject, "<p>Join us</p>") { TextBody = "Join us, Bob." });

        await factory.Client.ComposeAndSendAsync(BaseUrl, data);

        var raw = await Sink.RawAsync((await Sink.WaitForMessageAsync(subject)).Id);
        var alternative = Assert.IsType<MultipartAlternative>(MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(raw))).Body);
        Assert.Equal("Join us, Bob.", alternative.TextBody);
        Assert.Equal("<p>Join us</p>", alternative.HtmlBody);
    }

    [Fact]
    public async Task ComposeAndSendAsync_EmailDataThrows_PropagatesAndConnectsNowhere()
    {
        using var factory = EmailClientFactory.FromConfiguration(EmailClientFactory.Plaintext(Sink.SmtpPort));
        var sessionsBefore = await Sink.SessionCountAsync();

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(
            () => factory.Client.ComposeAndSendAsync(BaseUrl, new ThrowingEmail()));

        Assert.Equal("template missing", exception.Message);
        Assert.Equal(sessionsBefore, await Sink.SessionCountAsync());
    }

    [Fact]
    public async Task ComposeAndSendAsync_InvalidRecipient_ThrowsParseExceptionAndConnectsNowhere()
    {
        using var factory = EmailClientFactory.FromConfiguration(EmailClientFactory.Plaintext(Sink.SmtpPort));
        var sessionsBefore = await Sink.SessionCountAsync();

        var exception = await Assert.ThrowsAsync<EmailParseException>(
            () => factory.Client.ComposeAndSendAsync(BaseUrl, new FixedEmail(new EmailContents("jane@", "Hi", "<p/>"))));

        Assert.Equal("To[0]", exception.Field);
        Assert.Equal(sessionsBefore, await Sink.SessionCountAsync());
    }

    [Fact]
    public async Task ComposeAndSendAsync_Canceled_ThrowsOperationCanceledAndSendsNothing()
    {
        using var factory = EmailClientFactory.FromConfiguration(EmailClientFactory.Plaintext(Sink.SmtpPort));
        var subject = $"Canceled {Guid.NewGuid():N}";
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => factory.Client.ComposeAndSendAsync(BaseUrl, new FixedEmail(new EmailContents("jane@example.com", subject, "<p/>")), canceled.Token));

        Assert.False(await Sink.HasMessageAsync(subject));
    }

    [Fact]
    public async Task ComposeAndSendAsync_InvalidArguments_Throw()
    {
        using var factory = EmailClientFactory.FromConfiguration(EmailClientFactory.Plaintext(Sink.SmtpPort));
        var data = new FixedEmail(new EmailContents("jane@example.com", "Hi", "<p/>"));

        await Assert.ThrowsAsync<ArgumentNullException>(() => EmailClientExtensions.ComposeAndSendAsync(null!, BaseUrl, data));
        await Assert.ThrowsAsync<ArgumentNullException>(() => factory.Client.ComposeAndSendAsync(null!, data));
        await Assert.ThrowsAsync<ArgumentNullException>(() => factory.Client.ComposeAndSendAsync(BaseUrl, null!));
        var relative = await Assert.ThrowsAsync<ArgumentException>(() => factory.Client.ComposeAndSendAsync(new Uri("/app", UriKind.Relative), data));
        Assert.Equal("baseUrl", relative.ParamName);
    }

    /// <summary>An email as an application writes one: values HTML-encoded, the link built on the base URL.</summary>
    private sealed record VerifyEmail(string Recipient, string Name, string Token, string Subject) : IEmailData
    {
        public ValueTask<EmailContents> GetEmailContentsAsync(Uri baseUrl, CancellationToken cancellationToken = default)
        {
            var link = new Uri(baseUrl, $"verify?token={Uri.EscapeDataString(Token)}");
            var html = $"<p>Hello {WebUtility.HtmlEncode(Name)},</p><p><a href=\"{WebUtility.HtmlEncode(link.AbsoluteUri)}\">Verify your email</a></p>";
            return ValueTask.FromResult(new EmailContents(Recipient, Subject, html));
        }
    }

    private sealed record FixedEmail(EmailContents Contents) : IEmailData
    {
        public ValueTask<EmailContents> GetEmailContentsAsync(Uri baseUrl, CancellationToken cancellationToken = default) => ValueTask.FromResult(Contents);
    }

    private sealed class ThrowingEmail : IEmailData
    {
        public ValueTask<EmailContents> GetEmailContentsAsync(Uri baseUrl, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("template missing");
    }
}
