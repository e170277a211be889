using System.Globalization;
using System.Text.Encodings.Web;
using AngleSharp;
using BenchmarkDotNet.Attributes;
using Fluid;
using Hyperswitch.Email.Internal;
using Hyperswitch.Email.Templates;
using Hyperswitch.Email.Templates.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SignupFlows.Emails;

namespace Hyperswitch.Email.MicroBenchmarks;

/// <summary>
/// One email's subject, HTML and text, from the sample's "Verify your email": the sample's old regex string template
/// (the baseline: no inlining), the Razor template through <see cref="EmailTemplateRenderer"/> (HtmlRenderer, layout,
/// theme, localizer, inlining replayed from the structure cache), and the same markup in Fluid (Liquid). The text part is derived from the HTML
/// as the library does when composing.
/// </summary>
[MemoryDiagnoser]
public class TemplateRenderBenchmarks : IDisposable
{
    private const string Recipient = "jane@example.com";
    private static readonly Uri BaseUrl = new("https://shop.example/");
    private static readonly VerifyEmailModel Model = new("3f2a9c", "CfDJ8Verify+Token/Sample==");
    private static readonly string Link = $"https://shop.example/confirm-email?userId={Uri.EscapeDataString(Model.UserId)}&token={Uri.EscapeDataString(Model.Token)}";

    private readonly ServiceProvider _services;
    private readonly EmailTemplateRenderer _renderer;
    private readonly IFluidTemplate _fluidLayout;
    private readonly IFluidTemplate _fluidVerify;
    private readonly TemplateOptions _fluidOptions = new();
    private readonly string _rendered;

    public TemplateRenderBenchmarks()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["EmailTheme:BrandName"] = "Shop" }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddEmailTemplates(configuration);
        services.Configure<EmailTemplateOptions>(o => o.DefaultLayout = typeof(ShopLayout));
        _services = services.BuildServiceProvider();
        _renderer = _services.GetRequiredService<EmailTemplateRenderer>();

        // Fluid caches nothing by itself: the parsed templates are kept, as an application would keep them.
        var parser = new FluidParser();
        _fluidLayout = parser.Parse(OldStringTemplate.Layout.Replace("<!-- content -->", "{{ content | raw }}", StringComparison.Ordinal));
        _fluidVerify = parser.Parse(OldStringTemplate.Verify.Replace("{{email}}", "{{ email }}", StringComparison.Ordinal).Replace("{{link}}", "{{ link }}", StringComparison.Ordinal));
        _rendered = RazorRenderOnly().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "old string template (regex) + text; no inlining")]
    public string OldString()
    {
        var html = OldStringTemplate.Render(OldStringTemplate.Verify, new Dictionary<string, string> { ["email"] = Recipient, ["link"] = Link });
        return HtmlToPlainText.Convert(html);
    }

    [Benchmark(Description = "Razor template: render + inline + text (the sample's VerifyEmail)")]
    public async Task<string> Razor()
    {
        var contents = await _renderer.Create<VerifyEmail, VerifyEmailModel>(Recipient, Model, CultureInfo.InvariantCulture).GetEmailContentsAsync(BaseUrl);
        return HtmlToPlainText.Convert(contents.HtmlBody);
    }

    [Benchmark(Description = "Razor template: HtmlRenderer alone (no inlining, no text)")]
    public Task<string> RazorRenderOnly()
    {
        var email = _renderer.Create<VerifyEmail, VerifyEmailModel>(Recipient, Model, CultureInfo.InvariantCulture);
        var context = new EmailRenderContext(email.Recipient, email.Culture, null, new EmailTheme { BrandName = "Shop" }, BaseUrl);
        return _services.GetRequiredService<EmailHtmlRenderer>().RenderAsync(typeof(VerifyEmail), Model, typeof(ShopLayout), context);
    }

    [Benchmark(Description = "PreMailer inlining alone, of the Razor output")]
    public string InlineOnly() => CssInliner.InlineWithPreMailer(_rendered);

    [Benchmark(Description = "cached inlining (InlineCache hit), of the Razor output")]
    public string InlineCached() => InlineCache.Shared.Inline(_rendered);

    [Benchmark(Description = "AngleSharp parse + serialize alone, of the Razor output (the floor of the cached inlining)")]
    public string ParseSerializeOnly()
    {
        using var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(_rendered);
        using var writer = new StringWriter();
        document.ToHtml(writer, CssInliner.Formatter);
        return writer.ToString();
    }

    [Benchmark(Description = "Fluid (Liquid, parsed once): render + inline + text")]
    public async Task<string> Fluid()
    {
        var context = new TemplateContext(_fluidOptions);
        context.SetValue("email", Recipient);
        context.SetValue("link", Link);
        var content = await _fluidVerify.RenderAsync(context, HtmlEncoder.Default);
        context.SetValue("content", content);
        var html = await _fluidLayout.RenderAsync(context, HtmlEncoder.Default);
        return HtmlToPlainText.Convert(CssInliner.Inline(html));
    }

    public void Dispose()
    {
        _services.Dispose();
        GC.SuppressFinalize(this);
    }
}
