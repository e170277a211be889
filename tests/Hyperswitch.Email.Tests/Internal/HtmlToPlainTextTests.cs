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

    // The cases below pin how MimeKit's HtmlTokenizer read these inputs, which the converter used until it was
    // replaced by a single-pass scanner: the outputs are the old converter's.
    [Theory]
    [InlineData("<p>Before<!-- a <p>comment</p> -- with dashes --->After</p>", "BeforeAfter")]
    [InlineData("<p>A<!---->B<!-->C<!--->D<!-- x --!>E</p>", "ABCDE")]
    [InlineData("<p>Open <!-- never closed <p>hidden", "Open")]
    [InlineData("<p>A<!DOCTYPE x>B<?xml version=\"1.0\"?>C<!bogus>D</ >E</>F</p>", "ABCDEF")]
    public void Convert_CommentsDoctypesAndBogusComments_AreDropped(string html, string expected)
    {
        Assert.Equal(expected, HtmlToPlainText.Convert(html));
    }

    [Fact]
    public void Convert_CData_IsKeptAsText()
    {
        Assert.Equal("One <b>raw</b> & kept Two", HtmlToPlainText.Convert("<p>One<![CDATA[ <b>raw</b> & kept ]]>Two</p>"));
    }

    [Fact]
    public void Convert_UppercaseTags_ActLikeLowercaseOnes()
    {
        var html = "<P>Upper</P><DIV>Case</DIV><UL><LI>item</LI></UL><A HREF=\"https://shop.example/u\">Link</A>"
            + "<STYLE>h1 { color: red }</STYLE ><SCRIPT type=\"text/javascript\">var x = 1;</SCRIPT>";

        Assert.Equal("Upper\n\nCase\n\n- item\n\nLink (https://shop.example/u)", HtmlToPlainText.Convert(html));
    }

    [Fact]
    public void Convert_QuotedAttributeValueWithAngleBracket_DoesNotEndTheTag()
    {
        var html = "<a title=\"a > b\" href=\"https://shop.example/q\">Quoted</a> <a title='x>\"y' href='https://shop.example/s'>Single</a>";

        Assert.Equal("Quoted (https://shop.example/q) Single (https://shop.example/s)", HtmlToPlainText.Convert(html));
    }

    [Theory]
    [InlineData("<p>Hello <b", "Hello <b")]
    [InlineData("<p>Hello <a href=\"https://shop.example/unclosed", "Hello <a href=\"https://shop.example/unclosed")]
    [InlineData("<p>Hello</p", "Hello</p")]
    [InlineData("Hello &amp", "Hello &amp")]
    [InlineData("Hello <", "Hello <")]
    public void Convert_MarkupCutOffByTheEndOfTheInput_IsKeptAsText(string html, string expected)
    {
        Assert.Equal(expected, HtmlToPlainText.Convert(html));
    }

    [Fact]
    public void Convert_MoreEntities_AreDecodedAsInHtml()
    {
        // A no-break space is whitespace, so it collapses like any other.
        var text = HtmlToPlainText.Convert("Fish &amp; chips &#39;quoted&#39; &#x27;hex&#x27; a&nbsp;b &amp &copy 2024 &unknown; &#0;");

        Assert.Equal("Fish & chips 'quoted' 'hex' a b & © 2024 &unknown; \uFFFD", text);
    }

    [Fact]
    public void Convert_EntitiesInHref_AreDecodedExceptBeforeEqualsSign()
    {
        var text = HtmlToPlainText.Convert("<a href=\"https://shop.example/?a=1&copy=2&amp;b=&lt;3\">Query</a>");

        Assert.Equal("Query (https://shop.example/?a=1&copy=2&b=<3)", text);
    }

    [Theory]
    [InlineData("<head><style>p{}</style><title>Title</title></head><script>if (a < b && c > d) { x = '</p>'; }</script><body><p>Shown</p></body>", "Shown")]
    [InlineData("<script><!-- document.write('<script>x</script>'); --></script>After", "After")]
    [InlineData("<script>never closed <p>text", "")]
    public void Convert_ScriptWithMarkupInside_IsDroppedUpToItsEndTag(string html, string expected)
    {
        Assert.Equal(expected, HtmlToPlainText.Convert(html));
    }

    [Fact]
    public void Convert_Pre_KeepsSpacesAndAtMostOneBlankLine()
    {
        Assert.Equal("  two  spaces\n\nthree breaks\n\nnormal text", HtmlToPlainText.Convert("<pre>  two  spaces\n\n\nthree breaks</pre><p>normal   text</p>"));
    }

    [Fact]
    public void Convert_Lists_AreNumberedPerList()
    {
        var text = HtmlToPlainText.Convert("<ol><li>one<li>two</ol><ul><li>dot</ul><ol><li>a<ol><li>nested</ol><li>b</ol>");

        Assert.Equal("1. one\n2. two\n\n- dot\n\n1. a\n\n1. nested\n\n2. b", text);
    }

    [Fact]
    public void Convert_RawTextElements_KeepTheirMarkupAsText()
    {
        Assert.Equal("<p>Enable <b>JS</b></p>a < b", HtmlToPlainText.Convert("<noscript><p>Enable <b>JS</b></p></noscript><textarea>a &lt; b</textarea>"));
    }

    [Fact]
    public void Convert_LessThanThatStartsNoTag_IsText()
    {
        // "<<b>" is a "<" and a tag, as in HTML5 and every browser (MimeKit's tokenizer kept "<b>" as text).
        Assert.Equal("a < b, 3 <4, <x, y", HtmlToPlainText.Convert("a < b, 3 <4, <<b>x</b>, </ > y"));
    }

    [Fact]
    public void Convert_ImageAlt_IsDecoded()
    {
        Assert.Equal("Shop & CoSecond", HtmlToPlainText.Convert("<img src=\"logo.png\" alt=\"Shop &amp; Co\"><img alt='Second'/>"));
    }

    [Fact]
    public void Convert_WordAfterDoctypeName_DoesNotLeakIntoTheNextTag()
    {
        // MimeKit's tokenizer alone keeps the "x" and reads the next tag as "xstyle"; the leading DOCTYPE is dropped first.
        Assert.Equal("Hi", HtmlToPlainText.Convert("<!DOCTYPE html x><style>p{}</style>Hi"));
    }

    [Fact]
    public void Convert_TextLongerThanTheHtml_IsWrittenInFull()
    {
        const string Url = "https://shop.example/a/long/path?with=query";
        var html = string.Concat(Enumerable.Repeat($"<a href=\"{Url}\"></a>", 200));

        Assert.Equal(string.Concat(Enumerable.Repeat(Url, 200)), HtmlToPlainText.Convert(html));
    }
}
