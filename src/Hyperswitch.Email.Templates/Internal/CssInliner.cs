using System.Text.Encodings.Web;
using AngleSharp.Dom;
using AngleSharp.Html;

namespace Hyperswitch.Email.Templates.Internal;

/// <summary>
/// Moves the CSS of the email's <c>&lt;style&gt;</c> elements into <c>style</c> attributes with PreMailer.Net, since
/// Gmail and Outlook drop most <c>&lt;style&gt;</c> rules. Media queries (narrow screens, dark mode) cannot be inlined:
/// they stay in a <c>&lt;style&gt;</c> element, as does an element marked <c>data-premailer="ignore"</c>.
/// </summary>
internal static class CssInliner
{
    private static readonly EncodingFormatter Formatter = new();

    public static string Inline(string html)
    {
        using var premailer = new PreMailer.Net.PreMailer(html);
        return premailer.MoveCssInline(removeStyleElements: true, removeComments: true, customFormatter: Formatter, preserveMediaQueries: true).Html;
    }

    /// <summary>
    /// Writes attribute values encoded as Razor wrote them (<c>&lt;</c>, <c>&gt;</c>, quotes and <c>+</c> too), not
    /// only <c>&amp;</c> and <c>"</c> as HTML5 requires: a value such as <c>"&gt;&lt;script&gt;</c> in a link then never
    /// shows a raw <c>&lt;script&gt;</c> to a mail client's naive sanitizer.
    /// </summary>
    private sealed class EncodingFormatter : HtmlMarkupFormatter
    {
        protected override string Attribute(IAttr attribute) =>
            $"{attribute.Name}=\"{HtmlEncoder.Default.Encode(attribute.Value)}\"";
    }
}
