using System.Globalization;
using Hyperswitch.Email.Templates.Internal;
using Hyperswitch.Email.Templates.Tests.Templates;
using Microsoft.Extensions.DependencyInjection;

namespace Hyperswitch.Email.Templates.Tests.Internal;

/// <summary>
/// A differential test of <see cref="InlineCache"/> against PreMailer alone (<see cref="CssInliner.InlineWithPreMailer(string)"/>):
/// the same bytes, on the miss that records a structure and on every hit that replays it.
/// </summary>
public sealed class InlineCacheTests
{
    private static readonly string[] HostileValues =
    [
        "Ada", "", "<script>alert(1)</script>\"'&", "a\"><b style=\"color:red\">x</b>", "<!-- not a comment -->",
        "&amp;&lt;&#x41;", "😀 Ünïcødé ‮", "</style><style>p{color:red}</style>", "  leading and trailing  ",
        new string('x', 5000),
    ];

    private static readonly EmailTheme[] Themes =
    [
        new(),
        new() { BrandName = "Shop", PrimaryColor = "#aa0000", BackgroundColor = "#000000", TextColor = "#ffffff" },
        new() { BrandName = "Logo & Co", LogoUrl = new Uri("https://cdn.example/logo.png"), Footer = "Street 1", SupportAddress = "help@shop.example" },
    ];

    [Fact]
    public async Task Inline_RenderedTemplates_EqualsPreMailerOnMissAndHit()
    {
        await using var services = TemplateServices.Build();
        var renderer = services.GetRequiredService<EmailHtmlRenderer>();
        var cache = new InlineCache(InlineCache.DefaultCapacity);
        var documents = 0;

        foreach (var theme in Themes)
        {
            foreach (var layout in new[] { typeof(EmailLayout), typeof(PlainLayout), null })
            {
                foreach (var value in HostileValues)
                {
                    var context = new EmailRenderContext(new EmailAddress("ada@example.com"), CultureInfo.GetCultureInfo("en-US"), null, theme, TemplateServices.BaseUrl);
                    var welcome = new WelcomeModel(value, value, new DateTimeOffset(2026, 12, 24, 18, 0, 0, TimeSpan.Zero), value.Length);
                    AssertSame(cache, await renderer.RenderAsync(typeof(WelcomeEmail), welcome, layout, context));
                    AssertSame(cache, await renderer.RenderAsync(typeof(ChecksEmail), value, layout, context));
                    documents += 2;
                }
            }
        }

        // One structure per theme, layout and template (the values are data), and hostile markup in a value is text.
        Assert.Equal(documents, cache.Hits + cache.Misses + cache.Bypasses);
        Assert.True(cache.Hits >= documents - (2 * Themes.Length * 3 * 2), $"hits {cache.Hits}, misses {cache.Misses}, bypasses {cache.Bypasses}");
    }

    public static TheoryData<string> Snippets() =>
    [
        "<p class=\"a\">x</p>",
        "<table class=\"t\" width=\"100\" bgcolor=\"#fff\" height=\"3\"><tr><td class=\"c\" style=\"color: blue\">x</td></tr></table>",
        "<div id=\"main\"><p>one</p><p class=\"a b\">two</p><span style=\"\">three</span></div>",
        "<img class=\"i\" src=\"x.png\" width=\"10\" height=\"20\" alt=\"x\">",
        "<ul><li>1</li><li class=\"a\">2</li><li>3</li></ul><!-- a comment --><p>after<!-- another --></p>",
        "<a href=\"https://a.example/?x=1&y=<2>\" class=\"b\" title=\"t\">link</a>",
        "<p style=\"color: red !important; margin: 0\" class=\"a\">important</p>",
        "<td class=\"cell\">cell without table</td><p><div>misnested</div></p>",
        "<div><p class=\"a\">nested <b class=\"b\">bold <i>i</i></b></p></div>",
    ];

    private const string Css =
        "/* comment */ body { margin: 0 } .a { color: #123456; padding: 2px } .b { font-weight: bold } " +
        "p .b { color: green } div > p { margin: 1px } p + p { margin: 3px } .t { width: 300px; background-color: #eeeeee; height: 40px } " +
        ".c { -premailer-cellpadding: 4; text-align: center } .i { width: 50px; height: 60px } li:first-child { color: red } " +
        "li:nth-child(2n+1) { color: blue } li:not(.a) { margin: 0 } #main { border: 1px solid #000 } a:hover { color: pink } " +
        "@media only screen and (max-width: 600px) { .a { padding: 0 !important } }";

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Inline_Snippets_EqualsPreMailerOnMissAndHit(string body)
    {
        var cache = new InlineCache(InlineCache.DefaultCapacity);

        foreach (var data in new[] { "", "x", "<b>", "https://other.example/?q=\"1\"" })
        {
            var html = $"<!DOCTYPE html><html><head><style>{Css}</style></head><body>{body.Replace("x", data + "x", StringComparison.Ordinal)}</body></html>";
            AssertSame(cache, html);
            AssertSame(cache, html);
        }

        Assert.True(cache.Hits > 0, $"hits {cache.Hits}, misses {cache.Misses}, bypasses {cache.Bypasses}");
    }

    [Theory]
    [InlineData("a[href^=\"https\"] { color: red }")]
    [InlineData("p:empty { display: none }")]
    [InlineData("p:lang(de) { color: red }")]
    [InlineData("td:not([title]) { color: red }")]
    [InlineData(".a { -premailer-title: x }")]
    public void Inline_CssReadingData_BypassesTheCache(string css)
    {
        var cache = new InlineCache(InlineCache.DefaultCapacity);

        foreach (var link in new[] { "https://a.example/", "http://b.example/", "" })
        {
            var html = $"<html lang=\"de\"><head><style>{css}</style></head><body><p class=\"a\" title=\"{link}\"></p><table><tr><td><a href=\"{link}\">x</a></td></tr></table></body></html>";
            AssertSame(cache, html);
        }

        Assert.Equal(0, cache.Hits);
    }

    [Fact]
    public void Inline_StyleSheetLink_BypassesTheCache()
    {
        var cache = new InlineCache(InlineCache.DefaultCapacity);
        const string Html = "<html><head><link rel=\"stylesheet\" href=\"data:text/css,p{color:red}\"></head><body><p>x</p></body></html>";

        // PreMailer downloads the sheet (here it cannot): the cache leaves the document to PreMailer, failure included.
        var expected = Record.Exception(() => CssInliner.InlineWithPreMailer(Html));
        var actual = Record.Exception(() => cache.Inline(Html));

        Assert.Equal(expected?.GetType(), actual?.GetType());
        Assert.Equal(1, cache.Bypasses);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Inline_ManyStructures_StaysBoundedAndStillEqualsPreMailer()
    {
        var cache = new InlineCache(8);

        for (var i = 0; i < 50; i++)
        {
            AssertSame(cache, $"<html><head><style>.a{i} {{ color: red }}</style></head><body><p class=\"a{i}\">x</p></body></html>");
        }

        Assert.Equal(8, cache.Count);
        Assert.Equal(42, cache.Bypasses);
    }

    [Fact]
    public void Inline_HugeStructure_BypassesTheCache()
    {
        var cache = new InlineCache(InlineCache.DefaultCapacity);
        var html = "<html><head><style>.a { color: red }</style></head><body>" + string.Concat(Enumerable.Repeat("<p class=\"a\">x</p>", 5000)) + "</body></html>";

        AssertSame(cache, html);

        Assert.Equal(1, cache.Bypasses);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task Inline_ConcurrentCallers_EqualPreMailer()
    {
        var cache = new InlineCache(InlineCache.DefaultCapacity);
        var html = Enumerable.Range(0, 4).Select(i => $"<html><head><style>.a {{ color: red }} .b{i} {{ margin: {i}px }}</style></head><body><p class=\"a b{i}\">x{i}</p></body></html>").ToArray();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                AssertSame(cache, html[(t + i) % html.Length]);
            }
        })));

        Assert.Equal(4, cache.Count);
    }

    private static void AssertSame(InlineCache cache, string html) =>
        Assert.Equal(CssInliner.InlineWithPreMailer(html), cache.Inline(html));
}
