using System.Globalization;
using Hyperswitch.Email.Templates.Internal;
using Hyperswitch.Email.Templates.Tests.Templates;
using Microsoft.Extensions.DependencyInjection;

namespace Hyperswitch.Email.Templates.Tests;

public sealed class EmailTemplateRendererTests
{
    private static readonly WelcomeModel Welcome = new("Ada", "t0k3n", new DateTimeOffset(2026, 12, 24, 18, 0, 0, TimeSpan.Zero), 1234.5m);

    [Fact]
    public async Task GetEmailContentsAsync_Template_RendersSubjectBodyAndLinkInTheDefaultLayout()
    {
        await using var services = TemplateServices.Build();
        var renderer = services.GetRequiredService<EmailTemplateRenderer>();

        var email = renderer.Create<WelcomeEmail, WelcomeModel>("ada@example.com", Welcome, CultureInfo.GetCultureInfo("en-US"));
        var contents = await email.GetEmailContentsAsync(TemplateServices.BaseUrl);

        Assert.Equal("ada@example.com", contents.Recipient.Address);
        Assert.Equal("Welcome to Hyperswitch", contents.Subject);
        Assert.Contains(">Hello Ada</h1>", contents.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("href=\"https://shop.example/app/welcome?token=t0k3n\"", contents.HtmlBody, StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", contents.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<html lang=\"en-US\">", contents.HtmlBody, StringComparison.Ordinal);
        Assert.Null(contents.TextBody); // derived from the HTML when composed, as for every email
    }

    [Fact]
    public async Task GetEmailContentsAsync_StyleRules_AreInlinedAndMediaQueriesStayInStyle()
    {
        await using var services = TemplateServices.Build();
        var renderer = services.GetRequiredService<EmailTemplateRenderer>();

        var contents = await renderer.Create<WelcomeEmail, WelcomeModel>("ada@example.com", Welcome).GetEmailContentsAsync(TemplateServices.BaseUrl);

        // The .button rule of the layout's <style> is now on the link itself.
        Assert.Matches("<a class=\"button\" href=\"[^\"]+\" style=\"[^\"]*background: #0069ed", contents.HtmlBody);
        Assert.Contains("@media only screen and (max-width: 600px)", contents.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("prefers-color-scheme: dark", contents.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("!important", contents.HtmlBody, StringComparison.Ordinal); // the dark-mode rules still beat the inlined ones
    }

    [Fact]
    public async Task GetEmailContentsAsync_SecondEmailOfATemplate_IsInlinedFromTheStructureCache()
    {
        await using var services = TemplateServices.Build();
        var renderer = services.GetRequiredService<EmailTemplateRenderer>();
        await renderer.Create<WelcomeEmail, WelcomeModel>("ada@example.com", Welcome).GetEmailContentsAsync(TemplateServices.BaseUrl);
        var hits = InlineCache.Shared.Hits;

        var contents = await renderer.Create<WelcomeEmail, WelcomeModel>("bob@example.com", Welcome with { Name = "Bob", Token = "other" }).GetEmailContentsAsync(TemplateServices.BaseUrl);

        Assert.True(InlineCache.Shared.Hits > hits);
        Assert.Contains(">Hello Bob</h1>", contents.HtmlBody, StringComparison.Ordinal);
        Assert.Matches("<a class=\"button\" href=\"[^\"]+other\" style=\"[^\"]*background: #0069ed", contents.HtmlBody);
    }

    [Fact]
    public async Task GetEmailContentsAsync_HostileValues_AreEncoded()
    {
        await using var services = TemplateServices.Build();
        var renderer = services.GetRequiredService<EmailTemplateRenderer>();
        var hostile = Welcome with { Name = "<script>alert(1)</script>\"'&", Token = "a\"><script>x</script>&b=c" };

        var contents = await renderer.Create<WelcomeEmail, WelcomeModel>("ada@example.com", hostile).GetEmailContentsAsync(TemplateServices.BaseUrl);

        Assert.DoesNotContain("<script", contents.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Hello &lt;script&gt;alert(1)&lt;/script&gt;", contents.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("welcome?token=a%22%3E%3Cscript%3Ex%3C%2Fscript%3E%26b%3Dc\"", contents.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetEmailContentsAsync_RecipientCulture_TranslatesSubjectBodyDatesAndNumbers()
    {
        await using var services = TemplateServices.Build();
        var renderer = services.GetRequiredService<EmailTemplateRenderer>();

        var contents = await renderer.Create<WelcomeEmail, WelcomeModel>("ada@example.com", Welcome, CultureInfo.GetCultureInfo("de-DE")).GetEmailContentsAsync(TemplateServices.BaseUrl);

        Assert.Equal("Willkommen bei Hyperswitch", contents.Subject);
        Assert.Contains(">Hallo Ada</h1>", contents.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("24. Dezember 2026", contents.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("1.234,50", contents.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"de-DE\">", contents.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetEmailContentsAsync_MissingTranslation_FallsBackToTheDefaultCulture()
    {
        await using var services = TemplateServices.Build();
        var renderer = services.GetRequiredService<EmailTemplateRenderer>();

        // "Expires" has no German text; French has no resources at all; de-AT takes de's.
        var german = await renderer.Create<WelcomeEmail, WelcomeModel>("ada@example.com", Welcome, CultureInfo.GetCultureInfo("de-AT")).GetEmailContentsAsync(TemplateServices.BaseUrl);
        var french = await renderer.Create<WelcomeEmail, WelcomeModel>("ada@example.com", Welcome, CultureInfo.GetCultureInfo("fr-FR")).GetEmailContentsAsync(TemplateServices.BaseUrl);

        Assert.Equal("Willkommen bei Hyperswitch", german.Subject);
        Assert.Contains("Your invitation expires on Donnerstag, 24. Dezember 2026", german.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("Welcome to Hyperswitch", french.Subject);
        Assert.Contains("Your invitation expires on", french.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("24 décembre 2026", french.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetEmailContentsAsync_ConcurrentCultures_EachRendersUnderItsOwn()
    {
        await using var services = TemplateServices.Build();
        var renderer = services.GetRequiredService<EmailTemplateRenderer>();
        var cultures = Enumerable.Range(0, 40).Select(i => CultureInfo.GetCultureInfo(i % 2 == 0 ? "de-DE" : "en-US")).ToList();

        var subjects = await Task.WhenAll(cultures.Select(async culture =>
            (await renderer.Create<WelcomeEmail, WelcomeModel>("ada@example.com", Welcome, culture).GetEmailContentsAsync(TemplateServices.BaseUrl)).Subject));

        Assert.All(cultures.Zip(subjects), pair => Assert.Equal(pair.First.Name == "de-DE" ? "Willkommen bei Hyperswitch" : "Welcome to Hyperswitch", pair.Second));
        Assert.Equal(CultureInfo.InvariantCulture.Name == CultureInfo.CurrentCulture.Name ? CultureInfo.InvariantCulture : CultureInfo.CurrentCulture, CultureInfo.CurrentCulture);
    }

    [Fact]
    public async Task GetEmailContentsAsync_LayoutDirective_TakesPrecedenceOverTheDefaultLayout()
    {
        await using var services = TemplateServices.Build();
        var renderer = services.GetRequiredService<EmailTemplateRenderer>();

        var contents = await renderer.Create<NoLayoutEmail, string>("ada@example.com", "cats").GetEmailContentsAsync(TemplateServices.BaseUrl);

        Assert.Equal("About cats", contents.Subject);
        Assert.Contains("<div id=\"plain-layout\"><h1 class=\"title\" style=\"color: #ff0000\">cats</h1>", contents.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetEmailContentsAsync_DefaultLayoutOption_WrapsTemplatesWithoutLayoutDirective()
    {
        await using var services = TemplateServices.Build(configure: s => s.Configure<EmailTemplateOptions>(o => o.DefaultLayout = typeof(PlainLayout)));
        var renderer = services.GetRequiredService<EmailTemplateRenderer>();

        var contents = await renderer.Create<WelcomeEmail, WelcomeModel>("ada@example.com", Welcome).GetEmailContentsAsync(TemplateServices.BaseUrl);

        Assert.Contains("<div id=\"plain-layout\"><h1 class=\"title\" style=\"color: #ff0000\">Hello Ada</h1>", contents.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ModelOfAnotherType_Throws()
    {
        using var services = TemplateServices.Build();
        var renderer = services.GetRequiredService<EmailTemplateRenderer>();

        Assert.Throws<ArgumentException>("model", () => renderer.Create(typeof(WelcomeEmail), "ada@example.com", "not a WelcomeModel"));
        Assert.Throws<ArgumentException>("templateType", () => renderer.Create(typeof(PlainLayout), "ada@example.com", Welcome));
    }

    [Fact]
    public async Task GetEmailContentsAsync_RelativeBaseUrl_Throws()
    {
        await using var services = TemplateServices.Build();
        var renderer = services.GetRequiredService<EmailTemplateRenderer>();
        var email = renderer.Create<WelcomeEmail, WelcomeModel>("ada@example.com", Welcome);

        await Assert.ThrowsAsync<ArgumentException>("baseUrl", async () => await email.GetEmailContentsAsync(new Uri("/app/", UriKind.Relative)));
    }

    [Fact]
    public async Task ComposeAsync_TemplatedEmail_IsAnEmailDataLikeAnyOther()
    {
        await using var services = TemplateServices.Build();
        var renderer = services.GetRequiredService<EmailTemplateRenderer>();

        var message = await renderer.Create<WelcomeEmail, WelcomeModel>("ada@example.com", Welcome).ComposeAsync(TemplateServices.BaseUrl);

        Assert.Equal("Welcome to Hyperswitch", message.Subject);
        Assert.Contains("Hello Ada", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_TemplateWithATextBody_SendsThatTextAsWrittenBesideTheHtml()
    {
        await using var services = TemplateServices.Build();
        var renderer = services.GetRequiredService<EmailTemplateRenderer>();

        var contents = await renderer.Create<TextBodyEmail, string>("ada@example.com", "<Ada & Co>").GetEmailContentsAsync(TemplateServices.BaseUrl);
        var message = await renderer.Create<TextBodyEmail, string>("ada@example.com", "<Ada & Co>").ComposeAsync(TemplateServices.BaseUrl);

        // Written by the template, not derived from the HTML, and not HTML-encoded: it is plain text.
        Assert.Equal("Hello <Ada & Co>,\n\nreset your password here:\nhttps://shop.example/app/reset?user=%3CAda%20%26%20Co%3E\n", contents.TextBody);
        Assert.Equal(contents.TextBody, message.TextBody);
        Assert.Contains("Reset for &lt;Ada &amp; Co&gt;", contents.HtmlBody, StringComparison.Ordinal);
    }
}
