using System.Net;

namespace Hyperswitch.Email.Templates.Tests.Previews;

public sealed class EmailPreviewPageTests(Smtp4devPlainFixture smtp) : IClassFixture<Smtp4devPlainFixture>
{
    [Fact]
    public async Task Page_ListsEveryPreview_AndShowsTheFirstWithTextHeadersAndMime()
    {
        await using var app = await PreviewApp.StartAsync(smtp.Sink.SmtpPort);
        using var client = app.CreateClient();

        var page = await client.GetStringAsync("/emails");

        Assert.Contains(">Welcome</a>", page, StringComparison.Ordinal);
        Assert.Contains(">Checks</a>", page, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"subject\">Welcome to Shop</h2>", page, StringComparison.Ordinal);
        Assert.Contains("<iframe id=\"email\" title=\"The email\" sandbox=\"allow-popups allow-popups-to-escape-sandbox\"", page, StringComparison.Ordinal);
        Assert.Matches("<pre id=\"text\">[^<]*Hello Ada", page);
        Assert.Contains("<th>Subject</th><td>Welcome to Shop</td>", page, StringComparison.Ordinal);
        Assert.Contains("Content-Type: multipart/alternative", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_ServesTheEmailAloneWithASandboxPolicy()
    {
        await using var app = await PreviewApp.StartAsync(smtp.Sink.SmtpPort);
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/emails/render?preview=Welcome&culture=de&tenant=acme");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("sandbox", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains(">Hallo Ada</h1>", html, StringComparison.Ordinal);
        Assert.Contains("background: #c92a2a", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_ChecksPanel_FlagsEveryProblemOfTheEmail()
    {
        await using var app = await PreviewApp.StartAsync(smtp.Sink.SmtpPort);
        using var client = app.CreateClient();

        var page = await client.GetStringAsync("/emails?preview=Checks");

        Assert.Contains("<li data-check=\"size\" class=\"pass\">", page, StringComparison.Ordinal);
        Assert.Contains("<li data-check=\"alt\" class=\"fail\">", page, StringComparison.Ordinal);
        Assert.Contains("No alt: http://cdn.example/pixel.png", page, StringComparison.Ordinal);
        Assert.Contains("<li data-check=\"http\" class=\"fail\">", page, StringComparison.Ordinal);
        Assert.Contains("<li data-check=\"base-url\" class=\"fail\">", page, StringComparison.Ordinal);
        Assert.Contains("https://elsewhere.example/offer", page, StringComparison.Ordinal);
        Assert.Contains("<li data-check=\"cid\" class=\"fail\">", page, StringComparison.Ordinal);
        Assert.Contains("<p id=\"error\" class=\"notice error\">EmailBuildException: The HTML body shows cid:missing-logo", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_FromAnotherOrigin_IsRefusedAndSendsNothing()
    {
        await using var app = await PreviewApp.StartAsync(smtp.Sink.SmtpPort);
        using var client = app.CreateClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["preview"] = "Welcome", ["to"] = "csrf@example.com" });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/emails/send") { Content = form };
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(await smtp.Sink.MessagesAsync(), m => m.To.Contains("csrf@example.com"));
    }

    [Fact]
    public async Task Send_FromThePage_SendsThroughTheConfiguredClient()
    {
        await using var app = await PreviewApp.StartAsync(smtp.Sink.SmtpPort);
        using var client = app.CreateClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["preview"] = "Welcome", ["culture"] = "de", ["to"] = "send-test@example.com" });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/emails/send") { Content = form };
        request.Headers.Add("Origin", app.Address.GetLeftPart(UriPartial.Authority));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("sent=send-test@example.com", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var message = await smtp.Sink.WaitForMessageAsync("Willkommen bei Shop");
        Assert.Contains("send-test@example.com", message.To);
    }

    [Fact]
    public async Task MapEmailPreviews_OutsideDevelopment_Throws()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PreviewApp.StartAsync(smtp.Sink.SmtpPort, "Production"));

        Assert.Contains("for Development", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapEmailPreviews_OutsideDevelopmentWhenEnabled_Serves()
    {
        await using var app = await PreviewApp.StartAsync(smtp.Sink.SmtpPort, "Production", s => s.EnableOutsideDevelopment = true);
        using var client = app.CreateClient();

        Assert.Contains("Email previews", await client.GetStringAsync("/emails"), StringComparison.Ordinal);
    }
}
