using Hyperswitch.Email.Templates.Tests.Templates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Templates.Tests;

public sealed class EmailThemeTests
{
    private static readonly WelcomeModel Welcome = new("Ada", "t", DateTimeOffset.UnixEpoch, 1m);

    [Fact]
    public async Task AddEmailTemplates_ThemeSection_IsUsedByTheLayoutAndTheTemplate()
    {
        await using var services = TemplateServices.Build(new()
        {
            ["EmailTheme:BrandName"] = "Acme & Co",
            ["EmailTheme:PrimaryColor"] = "#aa3300",
            ["EmailTheme:LogoUrl"] = "img/logo.png",
            ["EmailTheme:Footer"] = "1 Road, Town",
            ["EmailTheme:SupportAddress"] = "help@acme.example",
        });
        var renderer = services.GetRequiredService<EmailTemplateRenderer>();

        var contents = await renderer.Create<WelcomeEmail, WelcomeModel>("ada@example.com", Welcome).GetEmailContentsAsync(TemplateServices.BaseUrl);

        Assert.Equal("Welcome to Acme & Co", contents.Subject);
        Assert.Contains("src=\"https://shop.example/app/img/logo.png\" alt=\"Acme &amp; Co\"", contents.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("background: #aa3300", contents.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("1 Road, Town", contents.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("href=\"mailto:help@acme.example\"", contents.HtmlBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("EmailTheme:PrimaryColor", "red;} body{display:none", "EmailTheme:PrimaryColor must be a hex colour")]
    [InlineData("EmailTheme:TextColor", "#12345", "EmailTheme:TextColor must be a hex colour")]
    [InlineData("EmailTheme:BrandName", " ", "EmailTheme:BrandName must not be empty")]
    [InlineData("EmailTheme:LogoUrl", "javascript:alert(1)", "EmailTheme:LogoUrl must be an http or https URL")]
    public void AddEmailTemplates_InvalidTheme_FailsNamingTheKey(string key, string value, string message)
    {
        using var services = TemplateServices.Build(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<EmailTheme>>().Value);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddEmailTemplates_UnknownThemeKey_Fails()
    {
        using var services = TemplateServices.Build(new() { ["EmailTheme:PrimaryColour"] = "#ffffff" });

        Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IOptions<EmailTheme>>().Value);
    }

    [Fact]
    public async Task AddEmailThemeProvider_Tenants_EachEmailTakesItsTenantsTheme()
    {
        await using var services = TemplateServices.Build(configure: s => s.AddEmailThemeProvider<TenantThemes>());
        var renderer = services.GetRequiredService<EmailTemplateRenderer>();

        var acme = await renderer.Create<WelcomeEmail, WelcomeModel>("ada@example.com", Welcome, tenant: "acme").GetEmailContentsAsync(TemplateServices.BaseUrl);
        var globex = await renderer.Create<WelcomeEmail, WelcomeModel>("ada@example.com", Welcome, tenant: "globex").GetEmailContentsAsync(TemplateServices.BaseUrl);
        var none = await renderer.Create<WelcomeEmail, WelcomeModel>("ada@example.com", Welcome).GetEmailContentsAsync(TemplateServices.BaseUrl);

        Assert.Equal("Welcome to Acme", acme.Subject);
        Assert.Contains("background: #aa0000", acme.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("Welcome to Globex", globex.Subject);
        Assert.Contains("background: #00aa00", globex.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("Welcome to Hyperswitch", none.Subject);
    }

    [Fact]
    public async Task GetEmailContentsAsync_ProviderReturnsAnInvalidColour_ThrowsAndRendersNothing()
    {
        await using var services = TemplateServices.Build(configure: s => s.AddEmailThemeProvider<TenantThemes>());
        var renderer = services.GetRequiredService<EmailTemplateRenderer>();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await renderer.Create<WelcomeEmail, WelcomeModel>("ada@example.com", Welcome, tenant: "hostile").GetEmailContentsAsync(TemplateServices.BaseUrl));

        Assert.Contains("EmailTheme.PrimaryColor must be a hex colour", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddEmailTemplates_CalledTwice_RegistersOnce()
    {
        var services = new ServiceCollection();
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();

        services.AddEmailTemplates(configuration).AddEmailTemplates(configuration).AddEmailTemplates();

        Assert.Single(services, d => d.ServiceType == typeof(EmailTemplateRenderer));
        Assert.Single(services, d => d.ServiceType == typeof(IEmailThemeProvider));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<EmailTheme>));
    }

    private sealed class TenantThemes : IEmailThemeProvider
    {
        public ValueTask<EmailTheme> GetThemeAsync(string? tenant, CancellationToken cancellationToken = default) => ValueTask.FromResult(tenant switch
        {
            "acme" => new EmailTheme { BrandName = "Acme", PrimaryColor = "#aa0000" },
            "globex" => new EmailTheme { BrandName = "Globex", PrimaryColor = "#00aa00" },
            "hostile" => new EmailTheme { PrimaryColor = "red</style><script>" },
            _ => new EmailTheme(),
        });
    }
}
