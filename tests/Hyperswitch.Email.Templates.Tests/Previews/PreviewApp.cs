using Hyperswitch.Email.Templates.Tests.Templates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hyperswitch.Email.Templates.Tests.Previews;

/// <summary>A real app on a loopback port, in Development, with the preview page at /emails and email sent to smtp4dev.</summary>
internal sealed class PreviewApp : IAsyncDisposable
{
    public static readonly WelcomeModel Sample = new("Ada", "sample-token", new DateTimeOffset(2026, 12, 24, 18, 0, 0, TimeSpan.Zero), 1234.5m);

    private readonly WebApplication _app;

    private PreviewApp(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public HttpClient CreateClient() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Address };

    public static async Task<PreviewApp> StartAsync(int smtpPort, string environment = "Development", Action<Previews.PreviewAppSettings>? settings = null)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(TestSmtpSettings.Plaintext(smtpPort));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["EmailTheme:BrandName"] = "Shop" });
        builder.Services.AddEmail(builder.Configuration).AddSmtp();
        builder.Services.AddEmailTemplates(builder.Configuration);
        builder.Services.AddEmailThemeProvider<PreviewTenants>();
        builder.Services.AddEmailPreview<WelcomeEmail, WelcomeModel>("Welcome", Sample);
        builder.Services.AddEmailPreview<ChecksEmail, string>("Checks", "everything wrong");
        var app = builder.Build();
        var options = new PreviewAppSettings();
        settings?.Invoke(options);
        app.MapEmailPreviews("/emails", preview =>
        {
            preview.Cultures.Add("de");
            preview.Tenants.Add("acme");
            preview.EnableOutsideDevelopment = options.EnableOutsideDevelopment;
            preview.BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        });
        await app.StartAsync();
        return new PreviewApp(app, new Uri($"http://127.0.0.1:{port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>What a test changes in <see cref="PreviewApp"/>.</summary>
internal sealed class PreviewAppSettings
{
    public bool EnableOutsideDevelopment { get; set; }
}

/// <summary>Two themes: the configured default, and tenant <c>acme</c> in red.</summary>
internal sealed class PreviewTenants(Microsoft.Extensions.Options.IOptionsMonitor<EmailTheme> configured) : IEmailThemeProvider
{
    public ValueTask<EmailTheme> GetThemeAsync(string? tenant, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(tenant == "acme" ? new EmailTheme { BrandName = "Acme", PrimaryColor = "#c92a2a" } : configured.CurrentValue);
}
