using System.Text;

namespace Hyperswitch.Email.Internal;

/// <summary>
/// Derives the plain-text alternative of an HTML body: tags dropped, the contents of <c>script</c>, <c>style</c>,
/// <c>head</c> and <c>title</c> dropped, block elements and <c>br</c> turned into line breaks, whitespace collapsed,
/// entities decoded, and every link kept as <c>text (url)</c>.
/// </summary>
/// <remarks>
/// MimeKit's own converters go from text to HTML, not back, and a text part without its links is useless in a signup
/// email. The markup is read by <see cref="HtmlScanner"/>, not MimeKit's <c>HtmlTokenizer</c>: that tokenizer's entity
/// table made the first email of every process about a second slower and its peak memory about 60 MB larger.
/// </remarks>
internal sealed class HtmlToPlainText
{
    // Elements whose content is not text a reader sees.
    private static readonly HashSet<string> Hidden = new(["script", "style", "head", "title"], StringComparer.Ordinal);

    // Elements that end a paragraph: a blank line before and after.
    private static readonly HashSet<string> Paragraphs =
        new(["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "blockquote", "pre", "hr"], StringComparer.Ordinal);

    // Elements that start a line of their own.
    private static readonly HashSet<string> Lines =
        new(["div", "li", "tr", "dt", "dd", "address", "center", "form", "fieldset", "body", "html"], StringComparer.Ordinal);

    private readonly StringBuilder _text = new();
    private readonly Stack<int> _listCounters = new();
    private int _hiddenDepth;
    private int _preDepth;
    private int _pendingBreaks;
    private bool _pendingSpace;
    private string? _href;
    private int _linkStart;

    private HtmlToPlainText()
    {
    }

    /// <summary>Converts <paramref name="html"/> to plain text with LF line breaks and no trailing whitespace.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="html"/> is <see langword="null"/>.</exception>
    public static string Convert(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var converter = new HtmlToPlainText();
        var scanner = new HtmlScanner(html);
        while (scanner.Read())
        {
            converter.Visit(scanner);
        }

        return converter._text.ToString();
    }

    private void Visit(HtmlScanner token)
    {
        if (token.Kind != HtmlTokenKind.Text)
        {
            VisitTag(token);
        }
        else if (_hiddenDepth == 0 && token.TextElement is not ("script" or "style" or "title"))
        {
            AppendText(token.Text);
        }
    }

    private void VisitTag(HtmlScanner tag)
    {
        var id = tag.TagName;
        var isEnd = tag.Kind == HtmlTokenKind.EndTag;
        if (id == "body" && !isEnd)
        {
            // The body is never hidden, even when the head before it was left unclosed.
            _hiddenDepth = 0;
        }

        if (Hidden.Contains(id))
        {
            if (!tag.IsSelfClosing)
            {
                _hiddenDepth = isEnd ? Math.Max(0, _hiddenDepth - 1) : _hiddenDepth + 1;
            }

            return;
        }

        if (_hiddenDepth > 0)
        {
            return;
        }

        switch (id)
        {
            case "br":
                _pendingBreaks = Math.Min(_pendingBreaks + 1, 2);
                _pendingSpace = false;
                return;
            case "a":
                VisitLink(tag);
                return;
            case "img" when !isEnd:
                AppendText(tag.Attribute("alt") ?? string.Empty);
                return;
            case "td" or "th" when !isEnd:
                _pendingSpace = true;
                return;
            case "ul" or "ol":
                if (isEnd)
                {
                    _listCounters.TryPop(out _);
                }
                else if (!tag.IsSelfClosing)
                {
                    _listCounters.Push(id == "ol" ? 1 : 0);
                }

                break;
            case "pre" when !tag.IsSelfClosing:
                _preDepth = isEnd ? Math.Max(0, _preDepth - 1) : _preDepth + 1;
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

        if (id == "li" && !isEnd)
        {
            AppendText(ListMarker());
            _pendingSpace = true;
        }
    }

    private void VisitLink(HtmlScanner tag)
    {
        if (tag.Kind == HtmlTokenKind.StartTag)
        {
            _href = tag.Attribute("href")?.Trim();
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

    private void AppendText(ReadOnlySpan<char> data)
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
}
