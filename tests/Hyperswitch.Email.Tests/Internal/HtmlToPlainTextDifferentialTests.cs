using System.Text;
using Hyperswitch.Email.Internal;

namespace Hyperswitch.Email.Tests.Internal;

/// <summary>
/// The library's HTML scanner against MimeKit's <c>HtmlTokenizer</c> (<see cref="MimeKitHtmlToPlainText"/>, the
/// converter it replaced) on generated markup of the kind emails hold: well-formed tags, attributes quoted or not,
/// comments, raw-text elements, HTML 4 entities and numeric references, in any order and nesting. Fixed seeds, so a
/// failure names an input that reproduces. On broken markup the two differ where MimeKit departs from HTML5 (it keeps
/// <c>&lt;&lt;b&gt;</c> as text, leaves <c>&amp;notit;</c> and <c>&amp;#xD8a</c> undecoded, ignores
/// <c>&lt;img/alt="b"&gt;</c>, reads <c>&lt;a href=/rel&gt;</c> as no link); there the tests below only require an answer.
/// </summary>
public sealed class HtmlToPlainTextDifferentialTests
{
    private static readonly string[] Pieces =
    [
        "<p>", "</p>", "<br>", "<br/>", "<br />", "<div>", "</div>", "<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>",
        "<a href=\"https://x.example/a?b=1&amp;c=2\">", "<a href='https://y.example/'>", "<a href=https://z.example/p>", "<a>", "</a>",
        "<a href=\"#top\">", "<a href=\"mailto:a@b.example\">", "a@b.example", "<a href=\"javascript:x()\">", "<a href=\"/rel\">",
        "<a title=\"a>b\" href=\"q\">", "<a href=\"a&copy=1\">", "<a href='&lt;x&gt;'>", "<a href=\"&#x27;\">", "<a href=\" spaced \">",
        "<a class=\"button\" style=\"color: #fff; background: #123456\" href=\"https://shop.example/verify?token=a-b_c&amp;u=42\" target=\"_blank\">",
        "<img src=\"x.png\" alt=\"Logo &amp; co\">", "<img alt=Logo>", "<img alt='A'/>", "<img src=\"cid:logo\" width=\"120\" height=\"40\">",
        "<script>var a = '<p>x</p>'; if (a < b) {}</script>", "<script><!-- x <script> y </script> z --></script>",
        "<!-- c -- d -->", "<!---->", "<!-- a <p>comment</p> -->", "<!--[if mso]><table><tr><td><![endif]-->", "<?xml version=\"1.0\"?>",
        "<![CDATA[cd<b>ata]]>", "<style>p { color: red; } @media (prefers-color-scheme: dark) { .x { color: #fff !important; } }</style>",
        "<title>T &amp; t</title>", "<head>", "</head>", "<body>", "</body>", "<html>", "</html>", "<meta charset=\"utf-8\">",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        "<noscript><p>ns</p></noscript>", "<textarea>t &lt; <b>x</b></textarea>", "<xmp><i>x</xmp>", "<pre>", "</pre>",
        "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\">", "<tr>", "<td align=\"center\">", "<th>", "</td>", "</tr>", "</table>",
        "<h1>", "</h1>", "<h2 style=\"margin:0\">", "</h2>", "<hr>", "<blockquote>", "</blockquote>", "<dl><dt>t<dd>d</dl>", "<center>", "<address>",
        "&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&#x27;", "&nbsp;", "&eacute;", "&copy;", "&rsquo;", "&mdash;", "&hellip;", "&euro;", "&#8212;",
        "&#x1F600;", "&#xFC;", "&#252;", "&copy 2024", "&bogus;", "& ", "&&",
        "Hello", " ", "  ", "\n", "\r\n", "\t", "world", "Grüße", "caf\u00e9", "x\u00a0y", "a < b", "3 > 2", "1.", "-", "<3",
        "<span>", "</span>", "<b>", "</b>", "<strong>", "</strong>", "<em>x</em>", "<unknowntag>", "<x-y>", "<p class=x>", "<P>", "</P>", "<DIV>", "<A HREF=\"HTTPS://X.EXAMPLE/\">",
    ];

    private static readonly string[] Atoms = ["<", ">", "/", "!", "-", "&", ";", "#", "x", "3", "a", "s", "\"", "'", "=", " ", "\n", "\0", "script", "SCRIPT", "style", "title", "xmp", "textarea", "noscript", "plaintext", "href", "alt", "img", "p", "li", "ol", "pre", "amp", "lt", "[CDATA[", "]]", "doctype", "--", "<!--", "-->", "br", "head", "body", "q"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void GeneratedMarkup_ConvertsExactlyAsMimeKitsTokenizerDid(int seed)
    {
        var random = new Random(seed);
        var mismatches = new List<string>();
        for (var n = 0; n < 15_000 && mismatches.Count < 5; n++)
        {
            var html = new StringBuilder();
            for (var parts = random.Next(1, 40); parts > 0; parts--)
            {
                html.Append(Pieces[random.Next(Pieces.Length)]);
            }

            Compare(html.ToString(), mismatches);
        }

        Assert.True(mismatches.Count == 0, string.Join("\n\n", mismatches));
    }

    [Fact]
    public void RealEmails_ConvertExactlyAsMimeKitsTokenizerDid()
    {
        var mismatches = new List<string>();
        foreach (var html in new[]
        {
            string.Concat(Enumerable.Repeat("<ol><li>x<li>y", 300)),
            string.Concat(Enumerable.Repeat("<a href=\"https://very.long.example/path/to/something?query=1\">x</a>", 300)),
            string.Concat(Enumerable.Repeat("<a href=\"https://a.example/&#x1F600;&#x1F600;\"></a>&#x1F600;", 300)),
            "<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>Bitte best&auml;tigen</title>"
                + "<style>body{font-family:sans-serif} @media (max-width:600px){.c{width:100%!important}}</style></head>"
                + "<body style=\"margin:0\"><table role=\"presentation\" width=\"100%\"><tr><td class=\"c\" style=\"padding:24px\">"
                + "<img src=\"https://shop.example/logo.png\" alt=\"Shop &amp; Co\" width=\"120\"><h1 style=\"font-size:20px\">Hallo J&#xFC;rgen,</h1>"
                + "<p>bitte best&#xE4;tige deine E-Mail-Adresse.</p><p><a href=\"https://shop.example/verify?token=abc&amp;user=42\" "
                + "style=\"background:#0a7;color:#fff;padding:12px 20px\">E-Mail best&#xE4;tigen</a></p>"
                + "<p style=\"color:#666\">&copy; 2026 Shop &ndash; <a href=\"mailto:help@shop.example\">help@shop.example</a></p>"
                + "<!--[if mso]></td></tr></table><![endif]--></td></tr></table></body></html>",
        })
        {
            Compare(html, mismatches);
        }

        Assert.True(mismatches.Count == 0, string.Join("\n\n", mismatches));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void BrokenMarkup_AlwaysConverts(int seed)
    {
        var random = new Random(seed);
        for (var n = 0; n < 20_000; n++)
        {
            var html = new StringBuilder();
            for (var length = random.Next(1, 40); length > 0; length--)
            {
                var piece = random.Next(3) == 0 ? Pieces[random.Next(Pieces.Length)] : Atoms[random.Next(Atoms.Length)];
                html.Append(random.Next(8) == 0 && piece.Length > 1 ? piece[..random.Next(1, piece.Length)] : piece);
            }

            var text = HtmlToPlainText.Convert(html.ToString());

            Assert.DoesNotContain('\0', text);
        }
    }

    [Theory]
    [InlineData("<")]
    [InlineData("<!--")]
    [InlineData("<a href=\"")]
    [InlineData("<a b ")]
    [InlineData("&#")]
    [InlineData("<script><!--<script>")]
    [InlineData("</")]
    [InlineData("<!--a-->")]
    [InlineData("<xmp></x")]
    [InlineData("&aaaaaaaa")]
    public void HostileRepetition_ConvertsInOnePass(string unit)
    {
        // 200,000 repetitions: a scanner that went back over the input for each unit would take minutes, not moments.
        var html = string.Concat(Enumerable.Repeat(unit, 200_000));

        var text = HtmlToPlainText.Convert(html);

        Assert.True(text.Length <= html.Length);
    }

    private static void Compare(string html, List<string> mismatches)
    {
        var expected = MimeKitHtmlToPlainText.Convert(html);
        var actual = HtmlToPlainText.Convert(html);
        if (expected != actual)
        {
            mismatches.Add($"input: {Escape(html)}\nexpected: {Escape(expected)}\nactual: {Escape(actual)}");
        }

        // The text part is derived with CR LF line breaks directly: the same text as converting the LF ones after.
        var crlf = HtmlToPlainText.Convert(html, crlf: true);
        if (crlf != HeaderText.WithCrLfLineEndings(actual))
        {
            mismatches.Add($"input: {Escape(html)}\nwith CR LF: {Escape(crlf)}\nwith LF: {Escape(actual)}");
        }
    }

    private static string Escape(string text) =>
        text.Replace("\0", "\\0", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
}
