using AngleSharp;
using System.Text.Encodings.Web;
using AngleSharp.Dom;
using AngleSharp.Html;
using AngleSharp.Html.Dom;

namespace Hyperswitch.Email.Templates.Internal;

/// <summary>
/// Copies the CSS of the email's <c>&lt;style&gt;</c> elements into <c>style</c> attributes with PreMailer.Net, since
/// Gmail and Outlook drop most <c>&lt;style&gt;</c> rules. The <c>&lt;style&gt;</c> elements stay as they are: media
/// queries (narrow screens, dark mode) cannot be inlined, and their <c>!important</c> rules must still beat the inlined
/// ones. Keeping them is also the fast path: removing them (<c>removeStyleElements</c>) costs PreMailer several times
/// the inlining itself (docs/performance.md). PreMailer's work is replayed from <see cref="InlineCache"/> for a
/// document whose structure it has seen.
/// </summary>
internal static class CssInliner
{
    /// <summary>The formatter both PreMailer and the cache serialize with.</summary>
    public static IMarkupFormatter Formatter { get; } = new EncodingFormatter();

    /// <summary>Inlines the CSS of <paramref name="html"/>, from the shared cache when its structure is known.</summary>
    public static string Inline(string html) => InlineCache.Shared.Inline(html);

    /// <summary>Inlines the CSS of <paramref name="html"/> with PreMailer alone: the oracle of the cache.</summary>
    public static string InlineWithPreMailer(string html)
    {
        using var premailer = new PreMailer.Net.PreMailer(html);
        return premailer.MoveCssInline(removeStyleElements: false, removeComments: true, customFormatter: Formatter).Html;
    }

    /// <summary>
    /// Runs PreMailer on <paramref name="document"/> (which it changes) as the package always has; the caller disposes
    /// the document.
    /// </summary>
    public static string InlineWithPreMailer(IHtmlDocument document) =>
        new PreMailer.Net.PreMailer(document).MoveCssInline(removeStyleElements: false, removeComments: true, customFormatter: Formatter).Html;

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
