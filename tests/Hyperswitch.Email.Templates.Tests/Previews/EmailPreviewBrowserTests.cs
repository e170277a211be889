using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hyperswitch.Email.Templates.Tests.Previews;

/// <summary>The preview page in a real browser: pick each email, see it in the iframe, switch culture and theme, send it.</summary>
public sealed class EmailPreviewBrowserTests(BrowserFixture browser, Smtp4devPlainFixture smtp, ITestOutputHelper output)
    : IClassFixture<BrowserFixture>, IClassFixture<Smtp4devPlainFixture>
{
    [Fact]
    public async Task PreviewPage_EachEmail_ShowsInTheIframe()
    {
        await using var app = await PreviewApp.StartAsync(smtp.Sink.SmtpPort);
        var page = await NewPageAsync();

        await page.GotoAsync(new Uri(app.Address, "emails").AbsoluteUri);
        await page.GetByRole(AriaRole.Link, new() { Name = "Welcome", Exact = true }).ClickAsync();
        var email = page.FrameLocator("iframe#email");
        await Assertions.Expect(email.Locator("h1")).ToHaveTextAsync("Hello Ada");
        await Assertions.Expect(email.Locator("a.button")).ToHaveAttributeAsync("href", new Uri(app.Address, "welcome?token=sample-token").AbsoluteUri);
        await Assertions.Expect(page.Locator("#subject")).ToHaveTextAsync("Welcome to Shop");
        await ScreenshotAsync(page, "welcome-en");

        await page.GetByRole(AriaRole.Link, new() { Name = "Checks", Exact = true }).ClickAsync();
        await Assertions.Expect(email.Locator("h1")).ToHaveTextAsync("everything wrong");
        await Assertions.Expect(page.Locator("li[data-check=alt]")).ToHaveClassAsync("fail");
        await Assertions.Expect(page.Locator("li[data-check=size]")).ToHaveClassAsync("pass");
        await ScreenshotAsync(page, "checks");
    }

    [Fact]
    public async Task PreviewPage_CultureThemeAndWidth_SwitchTheEmail()
    {
        await using var app = await PreviewApp.StartAsync(smtp.Sink.SmtpPort);
        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(app.Address, "emails?preview=Welcome").AbsoluteUri);
        var email = page.FrameLocator("iframe#email");

        await page.SelectOptionAsync("select#culture", "de");
        await Assertions.Expect(email.Locator("h1")).ToHaveTextAsync("Hallo Ada");
        await Assertions.Expect(page.Locator("#subject")).ToHaveTextAsync("Willkommen bei Shop");

        await page.SelectOptionAsync("select#tenant", "acme");
        await Assertions.Expect(page.Locator("#subject")).ToHaveTextAsync("Willkommen bei Acme");
        await Assertions.Expect(email.Locator("a.button")).ToHaveAttributeAsync("style", new System.Text.RegularExpressions.Regex("background: #c92a2a"));

        await page.SelectOptionAsync("select#width", "mobile");
        await Assertions.Expect(page.Locator("iframe#email")).ToHaveAttributeAsync("width", "375");
        await ScreenshotAsync(page, "welcome-de-acme-mobile");
    }

    [Fact]
    public async Task PreviewPage_Send_DeliversTheEmailToSmtp()
    {
        await using var app = await PreviewApp.StartAsync(smtp.Sink.SmtpPort);
        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(app.Address, "emails?preview=Welcome&culture=de").AbsoluteUri);

        await page.FillAsync("form#send input[name=to]", "browser@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Assertions.Expect(page.Locator("#sent")).ToHaveTextAsync("Sent to browser@example.com.");
        var message = await smtp.Sink.WaitForMessageAsync("Willkommen bei Shop");
        Assert.Contains("browser@example.com", message.To);
        Assert.Contains("Hallo Ada", await smtp.Sink.HtmlAsync(message.Id), StringComparison.Ordinal);
        await ScreenshotAsync(page, "sent");
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 1000 } });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    private async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        output.WriteLine($"Screenshot: {path}");
    }
}
