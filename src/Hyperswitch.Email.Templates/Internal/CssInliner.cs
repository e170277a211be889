namespace Hyperswitch.Email.Templates.Internal;

/// <summary>
/// Moves the CSS of the email's <c>&lt;style&gt;</c> elements into <c>style</c> attributes with PreMailer.Net, since
/// Gmail and Outlook drop most <c>&lt;style&gt;</c> rules. Media queries (narrow screens, dark mode) cannot be inlined:
/// they stay in a <c>&lt;style&gt;</c> element, as does an element marked <c>data-premailer="ignore"</c>.
/// </summary>
internal static class CssInliner
{
    public static string Inline(string html)
    {
        using var premailer = new PreMailer.Net.PreMailer(html);
        return premailer.MoveCssInline(removeStyleElements: true, removeComments: true, preserveMediaQueries: true).Html;
    }
}
