using Hyperswitch.Email.Internal;

namespace Hyperswitch.Email.Tests.Internal;

public sealed class HtmlToPlainTextTests
{
    [Fact]
    public void Convert_Link_KeepsTextAndUrl()
    {
        var text = HtmlToPlainText.Convert("<p>Welcome! <a href=\"https://shop.example/verify?token=abc&amp;user=42\">Verify your email</a>.</p>");

        Assert.Equal("Welcome! Verify your email (https://shop.example/verify?token=abc&user=42).", text);
    }

    [Theory]
    [InlineData("<a href=\"https://shop.example/x\">https://shop.example/x</a>", "https://shop.example/x")]
    [InlineData("<a href=\"https://shop.example/x\"><img src=\"logo.png\"></a>", "https://shop.example/x")]
    [InlineData("<a href=\"https://shop.example/x\"><img src=\"logo.png\" alt=\"Shop\"></a>", "Shop (https://shop.example/x)")]
    [InlineData("Write to <a href=\"mailto:help@shop.example\">help@shop.example</a>", "Write to help@shop.example")]
    [InlineData("<a href=\"#top\">Top</a>", "Top")]
    [InlineData("<a href=\"javascript:alert(1)\">Click</a>", "Click")]
    [InlineData("<a>Plain</a>", "Plain")]
    public void Convert_LinkVariants_WriteTheUrlOnceAndOnlyWhenUseful(string html, string expected)
    {
        Assert.Equal(expected, HtmlToPlainText.Convert(html));
    }

    [Fact]
    public void Convert_ScriptStyleAndHead_AreDropped()
    {
        var html = "<html><head><title>Mail</title><style>p { color: red; }</style></head>"
            + "<body><script>alert('x < y')</script><p>Hello <b>Jane</b><!-- hidden --></p><noscript></noscript></body></html>";

        var text = HtmlToPlainText.Convert(html);

        Assert.Equal("Hello Jane", text);
    }

    [Fact]
    public void Convert_UnclosedHead_StillKeepsTheBody()
    {
        Assert.Equal("Hello Jane", HtmlToPlainText.Convert("<html><head><title>Mail</title><body><p>Hello Jane</p></body></html>"));
    }

    [Fact]
    public void Convert_Entities_AreDecoded()
    {
        var text = HtmlToPlainText.Convert("<p>Tom &amp; Jerry &lt;3 caf&eacute; &#x2713; &quot;quoted&quot;</p>");

        Assert.Equal("Tom & Jerry <3 café ✓ \"quoted\"", text);
    }

    [Fact]
    public void Convert_BlocksAndBreaks_BecomeLines()
    {
        var html = "<h1>Reset your password</h1><p>Line one<br>Line two</p><div>A div</div><div>Another</div>"
            + "<ul><li>first</li><li>second</li></ul><ol><li>one</li><li>two</li></ol><p>End</p>";

        var text = HtmlToPlainText.Convert(html);

        Assert.Equal(
            "Reset your password\n\nLine one\nLine two\n\nA div\nAnother\n\n- first\n- second\n\n1. one\n2. two\n\nEnd",
            text);
    }

    [Fact]
    public void Convert_Whitespace_IsCollapsed()
    {
        var html = "\n   <p>\n  Hello,\n\n     Jane\t!  </p>\n\n\n  <p>  Bye  </p>  \n";

        Assert.Equal("Hello, Jane !\n\nBye", HtmlToPlainText.Convert(html));
    }

    [Fact]
    public void Convert_LayoutTable_PutsRowsOnLinesAndCellsApart()
    {
        var html = "<table><tr><td>Shop</td><td>Account</td></tr><tr><td><a href=\"https://shop.example/a\">Open</a></td></tr></table>";

        Assert.Equal("Shop Account\nOpen (https://shop.example/a)", HtmlToPlainText.Convert(html));
    }

    [Fact]
    public void Convert_Pre_KeepsItsLines()
    {
        Assert.Equal("Code:\n\nline 1\n  line 2", HtmlToPlainText.Convert("<p>Code:</p><pre>line 1\n  line 2</pre>"));
    }

    [Fact]
    public void Convert_PlainTextOrEmpty_IsKept()
    {
        Assert.Equal("Just text", HtmlToPlainText.Convert("Just text"));
        Assert.Equal(string.Empty, HtmlToPlainText.Convert(string.Empty));
    }
}
