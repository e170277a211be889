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
    // The most characters reserved up front; a longer text grows the builder.
    private const int MaxInitialCapacity = 64 * 1024;

    private readonly StringBuilder _text;
    private readonly Stack<int> _listCounters = new();
    private int _hiddenDepth;
    private int _preDepth;
    private int _pendingBreaks;
    private bool _pendingSpace;
    private string? _href;
    private int _linkStart;

    private readonly string _newLine;

    private HtmlToPlainText(int capacity, bool crlf)
    {
        // One chunk for most emails: the text is shorter than its markup.
        _text = new StringBuilder(Math.Min(capacity, MaxInitialCapacity));
        _newLine = crlf ? "\r\n" : "\n";
    }

    /// <summary>Converts <paramref name="html"/> to plain text with LF line breaks and no trailing whitespace.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="html"/> is <see langword="null"/>.</exception>
    public static string Convert(string html) => Convert(html, crlf: false);

    /// <summary>
    /// Converts <paramref name="html"/> to plain text with no trailing whitespace, its line breaks CR LF when
    /// <paramref name="crlf"/> is set (as a message's text part is sent: no second pass to convert them), else LF.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="html"/> is <see langword="null"/>.</exception>
    public static string Convert(string html, bool crlf)
    {
        ArgumentNullException.ThrowIfNull(html);
        var converter = new HtmlToPlainText(html.Length, crlf);
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
        else if (_hiddenDepth == 0 && token.TextElementRole != HtmlTagRole.Hidden)
        {
            AppendText(token.Text);
        }
    }

    private void VisitTag(HtmlScanner tag)
    {
        var role = tag.TagRole;
        var isEnd = tag.Kind == HtmlTokenKind.EndTag;
        if (role == HtmlTagRole.Body && !isEnd)
        {
            // The body is never hidden, even when the head before it was left unclosed.
            _hiddenDepth = 0;
        }

        if (role == HtmlTagRole.Hidden)
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

        switch (role)
        {
            case HtmlTagRole.Break:
                _pendingBreaks = Math.Min(_pendingBreaks + 1, 2);
                _pendingSpace = false;
                return;
            case HtmlTagRole.Link:
                VisitLink(tag);
                return;
            case HtmlTagRole.Image:
                if (!isEnd)
                {
                    AppendText(tag.Attribute("alt") ?? string.Empty);
                }

                return;
            case HtmlTagRole.Cell:
                if (!isEnd)
                {
                    _pendingSpace = true;
                }

                return;
            case HtmlTagRole.UnorderedList or HtmlTagRole.OrderedList:
                if (isEnd)
                {
                    _listCounters.TryPop(out _);
                }
                else if (!tag.IsSelfClosing)
                {
                    _listCounters.Push(role == HtmlTagRole.OrderedList ? 1 : 0);
                }

                Break(2);
                return;
            case HtmlTagRole.Preformatted:
                if (!tag.IsSelfClosing)
                {
                    _preDepth = isEnd ? Math.Max(0, _preDepth - 1) : _preDepth + 1;
                }

                Break(2);
                return;
            case HtmlTagRole.Paragraph:
                Break(2);
                return;
            case HtmlTagRole.Line or HtmlTagRole.Body:
                Break(1);
                return;
            case HtmlTagRole.ListItem:
                Break(1);
                if (!isEnd)
                {
                    AppendText(ListMarker());
                    _pendingSpace = true;
                }

                return;
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
        // Runs of ordinary characters are copied at once; only whitespace and control characters are looked at alone.
        var runStart = 0;
        for (var i = 0; i < data.Length; i++)
        {
            var c = data[i];
            if (c > ' ' && (c < '\u007F' || !(char.IsWhiteSpace(c) || char.IsControl(c))))
            {
                continue;
            }

            if (i > runStart)
            {
                Flush();
                _text.Append(data[runStart..i]);
            }

            AppendSpecial(c);
            runStart = i + 1;
        }

        if (data.Length > runStart)
        {
            Flush();
            _text.Append(data[runStart..]);
        }
    }

    /// <summary>Appends a whitespace or control character: collapsed into one space, a line break in <c>pre</c>, or dropped.</summary>
    private void AppendSpecial(char c)
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
            _text.Append(_newLine);
            if (_pendingBreaks > 1)
            {
                _text.Append(_newLine);
            }
        }
        else if (_pendingSpace && _text[^1] != '\n')
        {
            _text.Append(' ');
        }

        _pendingBreaks = 0;
        _pendingSpace = false;
    }
}
