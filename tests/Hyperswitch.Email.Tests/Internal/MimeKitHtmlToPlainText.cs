using System.Text;
using MimeKit.Text;

namespace Hyperswitch.Email.Tests.Internal;

/// <summary>
/// The converter as it was on MimeKit's <c>HtmlTokenizer</c>, kept as the oracle of
/// <see cref="HtmlToPlainTextDifferentialTests"/>: the library's own scanner must read real markup as MimeKit did.
/// </summary>
internal sealed class MimeKitHtmlToPlainText
{
    // Elements whose content is not text a reader sees.
    private static readonly HashSet<HtmlTagId> Hidden = [HtmlTagId.Script, HtmlTagId.Style, HtmlTagId.Head, HtmlTagId.Title];

    // Elements that end a paragraph: a blank line before and after.
    private static readonly HashSet<HtmlTagId> Paragraphs =
    [
        HtmlTagId.P, HtmlTagId.H1, HtmlTagId.H2, HtmlTagId.H3, HtmlTagId.H4, HtmlTagId.H5, HtmlTagId.H6,
        HtmlTagId.UL, HtmlTagId.OL, HtmlTagId.DL, HtmlTagId.Table, HtmlTagId.BlockQuote, HtmlTagId.Pre, HtmlTagId.HR,
    ];

    // Elements that start a line of their own.
    private static readonly HashSet<HtmlTagId> Lines =
    [
        HtmlTagId.Div, HtmlTagId.LI, HtmlTagId.TR, HtmlTagId.DT, HtmlTagId.DD, HtmlTagId.Address, HtmlTagId.Center,
        HtmlTagId.Form, HtmlTagId.FieldSet, HtmlTagId.Body, HtmlTagId.Html,
    ];

    private readonly StringBuilder _text = new();
    private readonly Stack<int> _listCounters = new();
    private int _hiddenDepth;
    private int _preDepth;
    private int _pendingBreaks;
    private bool _pendingSpace;
    private string? _href;
    private int _linkStart;

    private MimeKitHtmlToPlainText()
    {
    }

    /// <summary>Converts <paramref name="html"/> to plain text with LF line breaks and no trailing whitespace.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="html"/> is <see langword="null"/>.</exception>
    public static string Convert(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var converter = new MimeKitHtmlToPlainText();
        using var reader = new StringReader(WithoutDoctype(html));
        var tokenizer = new HtmlTokenizer(reader);
        while (tokenizer.ReadNextToken(out var token))
        {
            converter.Visit(token);
        }

        return converter._text.ToString();
    }

    /// <summary>
    /// The HTML after a leading <c>&lt;!DOCTYPE …&gt;</c>, which has nothing to show. MimeKit's tokenizer reads a word
    /// after the DOCTYPE's name (<c>&lt;!DOCTYPE html x&gt;</c>) into the next tag's name, so that
    /// <c>&lt;style&gt;</c> became <c>&lt;xstyle&gt;</c> and its rules leaked into the text.
    /// </summary>
    private static string WithoutDoctype(string html)
    {
        var start = 0;
        while (start < html.Length && char.IsWhiteSpace(html[start]))
        {
            start++;
        }

        if (!html.AsSpan(start).StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase))
        {
            return html;
        }

        var end = html.IndexOf('>', start);
        return end < 0 ? string.Empty : html[(end + 1)..];
    }

    private void Visit(HtmlToken token)
    {
        switch (token)
        {
            case HtmlTagToken tag:
                VisitTag(tag);
                break;
            case HtmlDataToken data when _hiddenDepth == 0:
                // Script and style bodies are their own token kind (ScriptData, RawText), dropped by the hidden depth.
                AppendText(data.Data);
                break;
        }
    }

    private void VisitTag(HtmlTagToken tag)
    {
        var id = tag.Id;
        if (id == HtmlTagId.Body && !tag.IsEndTag)
        {
            // The body is never hidden, even when the head before it was left unclosed.
            _hiddenDepth = 0;
        }

        if (Hidden.Contains(id))
        {
            if (!tag.IsEmptyElement)
            {
                _hiddenDepth = tag.IsEndTag ? Math.Max(0, _hiddenDepth - 1) : _hiddenDepth + 1;
            }

            return;
        }

        if (_hiddenDepth > 0)
        {
            return;
        }

        switch (id)
        {
            case HtmlTagId.Br:
                _pendingBreaks = Math.Min(_pendingBreaks + 1, 2);
                _pendingSpace = false;
                return;
            case HtmlTagId.A:
                VisitLink(tag);
                return;
            case HtmlTagId.Image when !tag.IsEndTag:
                AppendText(Attribute(tag, HtmlAttributeId.Alt) ?? string.Empty);
                return;
            case HtmlTagId.TD or HtmlTagId.TH when !tag.IsEndTag:
                _pendingSpace = true;
                return;
            case HtmlTagId.UL or HtmlTagId.OL:
                if (tag.IsEndTag)
                {
                    _listCounters.TryPop(out _);
                }
                else if (!tag.IsEmptyElement)
                {
                    _listCounters.Push(id == HtmlTagId.OL ? 1 : 0);
                }

                break;
            case HtmlTagId.Pre when !tag.IsEmptyElement:
                _preDepth = tag.IsEndTag ? Math.Max(0, _preDepth - 1) : _preDepth + 1;
                break;
        }

        if (Paragraphs.Contains(id))
        {
            Break(2);
        }
        else if (Lines.Contains(id))
        {
            Break(1);
        }

        if (id == HtmlTagId.LI && !tag.IsEndTag)
        {
            AppendText(ListMarker());
            _pendingSpace = true;
        }
    }

    private void VisitLink(HtmlTagToken tag)
    {
        if (!tag.IsEndTag)
        {
            _href = Attribute(tag, HtmlAttributeId.Href)?.Trim();
            _linkStart = _text.Length;
            return;
        }

        var href = _href;
        _href = null;
        if (string.IsNullOrEmpty(href) || href.StartsWith('#') || href.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var label = _text.ToString(_linkStart, _text.Length - _linkStart).Trim();
        var target = href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? href["mailto:".Length..] : href;
        if (label.Length == 0)
        {
            AppendText(href);
        }
        else if (!string.Equals(label, href, StringComparison.OrdinalIgnoreCase) && !string.Equals(label, target, StringComparison.OrdinalIgnoreCase))
        {
            _pendingSpace = true;
            AppendText($"({href})");
        }
    }

    private string ListMarker()
    {
        if (_listCounters.TryPop(out var counter) && counter > 0)
        {
            _listCounters.Push(counter + 1);
            return $"{counter}.";
        }

        _listCounters.Push(counter);
        return "-";
    }

    private void Break(int lines)
    {
        _pendingBreaks = Math.Max(_pendingBreaks, lines);
        _pendingSpace = false;
    }

    private void AppendText(string data)
    {
        foreach (var c in data)
        {
            if (_preDepth > 0 && c is '\n' or '\r')
            {
                if (c == '\n')
                {
                    _pendingBreaks = Math.Min(_pendingBreaks + 1, 2);
                    _pendingSpace = false;
                }
            }
            else if (char.IsWhiteSpace(c) && _preDepth == 0)
            {
                _pendingSpace = true;
            }
            else if (!char.IsControl(c) || c == '\t')
            {
                Flush();
                _text.Append(c);
            }
        }
    }

    /// <summary>Writes the line breaks or the space owed before the next character; none at the very start.</summary>
    private void Flush()
    {
        if (_text.Length == 0)
        {
            _pendingBreaks = 0;
            _pendingSpace = false;
            return;
        }

        if (_pendingBreaks > 0)
        {
            _text.Append('\n', _pendingBreaks);
        }
        else if (_pendingSpace && _text[^1] != '\n')
        {
            _text.Append(' ');
        }

        _pendingBreaks = 0;
        _pendingSpace = false;
    }

    private static string? Attribute(HtmlTagToken tag, HtmlAttributeId id)
    {
        foreach (var attribute in tag.Attributes)
        {
            if (attribute.Id == id)
            {
                return attribute.Value;
            }
        }

        return null;
    }
}
