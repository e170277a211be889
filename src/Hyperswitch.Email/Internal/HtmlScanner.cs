namespace Hyperswitch.Email.Internal;

/// <summary>What <see cref="HtmlScanner.Read"/> found.</summary>
internal enum HtmlTokenKind
{
    /// <summary>Text, its character references decoded (or, in a raw-text element, as written).</summary>
    Text,

    /// <summary>A start tag: <see cref="HtmlScanner.TagName"/>, its attributes and whether it closed itself.</summary>
    StartTag,

    /// <summary>An end tag.</summary>
    EndTag,
}

/// <summary>What a tag is to the plain-text part: the scanner knows it for the tags emails hold, so that nothing compares names per tag.</summary>
internal enum HtmlTagRole : byte
{
    /// <summary>Nothing: an inline element (<c>b</c>, <c>span</c>) or a tag the scanner does not know.</summary>
    None,

    /// <summary>An element whose content a reader does not see: <c>script</c>, <c>style</c>, <c>head</c>, <c>title</c>.</summary>
    Hidden,

    /// <summary>An element that ends a paragraph: <c>p</c>, <c>h1</c>–<c>h6</c>, <c>dl</c>, <c>table</c>, <c>blockquote</c>, <c>hr</c>.</summary>
    Paragraph,

    /// <summary>An element that starts a line of its own: <c>div</c>, <c>tr</c>, <c>dt</c>, <c>dd</c>, <c>address</c>, <c>center</c>, <c>form</c>, <c>fieldset</c>, <c>html</c>.</summary>
    Line,

    /// <summary><c>br</c>.</summary>
    Break,

    /// <summary><c>a</c>.</summary>
    Link,

    /// <summary><c>img</c>.</summary>
    Image,

    /// <summary><c>td</c> and <c>th</c>.</summary>
    Cell,

    /// <summary><c>ul</c> (a paragraph).</summary>
    UnorderedList,

    /// <summary><c>ol</c> (a paragraph).</summary>
    OrderedList,

    /// <summary><c>li</c> (a line).</summary>
    ListItem,

    /// <summary><c>pre</c> (a paragraph).</summary>
    Preformatted,

    /// <summary><c>body</c> (a line).</summary>
    Body,
}

/// <summary>
/// Reads an HTML document as text and tags, in one pass over the string, following the HTML5 tokenizer's rules for
/// what an email's markup holds: comments, DOCTYPEs and processing instructions skipped, attribute values quoted or
/// not, raw-text elements (<c>script</c>, <c>style</c>, <c>xmp</c>, <c>noscript</c>, …) read up to their end tag,
/// <c>title</c> and <c>textarea</c> with their references decoded, CDATA sections as text, and markup cut off by the
/// end of the input kept as text.
/// </summary>
/// <remarks>
/// It replaces MimeKit's <c>HtmlTokenizer</c> for the plain-text part because that tokenizer always creates MimeKit's
/// HTML5 entity decoder, whose static table costs about a second of JIT and 60 MB of peak memory on the first email a
/// process sends (see <see cref="HtmlCharacterReferences"/>). It builds no tree and reports no errors; tag and
/// attribute names are lower-cased ASCII.
/// </remarks>
internal sealed class HtmlScanner
{
    // The tags emails hold, by name length: their names are returned as these literals (reading a tag allocates
    // nothing) with their roles, and the raw-text elements among them are known here too.
    private static readonly KnownTag[][] KnownTagsByLength = ByLength(
    [
        new("a", HtmlTagRole.Link), new("b"), new("i"), new("p", HtmlTagRole.Paragraph), new("u"),
        new("br", HtmlTagRole.Break), new("dd", HtmlTagRole.Line), new("dl", HtmlTagRole.Paragraph), new("dt", HtmlTagRole.Line),
        new("em"), new("h1", HtmlTagRole.Paragraph), new("h2", HtmlTagRole.Paragraph), new("h3", HtmlTagRole.Paragraph),
        new("h4", HtmlTagRole.Paragraph), new("h5", HtmlTagRole.Paragraph), new("h6", HtmlTagRole.Paragraph),
        new("hr", HtmlTagRole.Paragraph), new("li", HtmlTagRole.ListItem), new("ol", HtmlTagRole.OrderedList),
        new("td", HtmlTagRole.Cell), new("th", HtmlTagRole.Cell), new("tr", HtmlTagRole.Line), new("ul", HtmlTagRole.UnorderedList),
        new("div", HtmlTagRole.Line), new("img", HtmlTagRole.Image), new("pre", HtmlTagRole.Preformatted), new("sup"), new("sub"),
        new("xmp", RawText: RawTextKind.Raw),
        new("body", HtmlTagRole.Body), new("font"), new("form", HtmlTagRole.Line), new("head", HtmlTagRole.Hidden),
        new("html", HtmlTagRole.Line), new("link"), new("meta"), new("span"),
        new("style", HtmlTagRole.Hidden, RawTextKind.Raw), new("table", HtmlTagRole.Paragraph), new("tbody"), new("thead"),
        new("title", HtmlTagRole.Hidden, RawTextKind.Decoded), new("tfoot"),
        new("center", HtmlTagRole.Line), new("iframe", RawText: RawTextKind.Raw), new("script", HtmlTagRole.Hidden, RawTextKind.Raw),
        new("strong"), new("address", HtmlTagRole.Line), new("noembed", RawText: RawTextKind.Raw),
        new("fieldset", HtmlTagRole.Line), new("noframes", RawText: RawTextKind.Raw), new("noscript", RawText: RawTextKind.Raw),
        new("textarea", RawText: RawTextKind.Decoded), new("plaintext", RawText: RawTextKind.Raw),
        new("blockquote", HtmlTagRole.Paragraph),
    ]);

    private readonly string _html;

    // Attributes as ranges of the document: decoded only when asked for, so that style attributes cost nothing.
    private readonly List<(int NameStart, int NameLength, int ValueStart, int ValueLength)> _attributes = [];
    private int _position;
    private int _textStart;
    private int _textLength;
    private string? _decodedText;
    private KnownTag? _rawTextElement;

    /// <summary>Starts reading <paramref name="html"/>.</summary>
    public HtmlScanner(string html) => _html = html;

    /// <summary>What the last <see cref="Read"/> found.</summary>
    public HtmlTokenKind Kind { get; private set; }

    /// <summary>The text, when <see cref="Kind"/> is <see cref="HtmlTokenKind.Text"/>.</summary>
    public ReadOnlySpan<char> Text => _decodedText is null ? _html.AsSpan(_textStart, _textLength) : _decodedText;

    /// <summary>
    /// The role of the raw-text element (<c>script</c>, <c>style</c>, <c>title</c>, …) the text is the content of:
    /// <see cref="HtmlTagRole.Hidden"/> for <c>script</c>, <c>style</c> and <c>title</c>; <see cref="HtmlTagRole.None"/> for ordinary text.
    /// </summary>
    public HtmlTagRole TextElementRole { get; private set; }

    /// <summary>The tag's lower-cased name, for a start or end tag.</summary>
    public string TagName { get; private set; } = string.Empty;

    /// <summary>What the tag is to the plain-text part, for a start or end tag.</summary>
    public HtmlTagRole TagRole { get; private set; }

    /// <summary>Whether the start tag ended with <c>/&gt;</c>.</summary>
    public bool IsSelfClosing { get; private set; }

    /// <summary>The value of the tag's first attribute named <paramref name="name"/> (lower-case), decoded.</summary>
    public string? Attribute(string name)
    {
        // The first of repeated attributes counts, as in HTML5.
        foreach (var (nameStart, nameLength, valueStart, valueLength) in _attributes)
        {
            if (_html.AsSpan(nameStart, nameLength).Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return valueStart < 0 ? string.Empty : HtmlCharacterReferences.Decode(_html, valueStart, valueLength, inAttribute: true);
            }
        }

        return null;
    }

    /// <summary>Reads the next token; <see langword="false"/> at the end of the input.</summary>
    public bool Read()
    {
        while (_position < _html.Length)
        {
            if (_rawTextElement is not null)
            {
                ReadRawText();
                if (Text.Length > 0)
                {
                    return true;
                }

                continue;
            }

            var lessThan = _html.IndexOf('<', _position);
            if (lessThan != _position)
            {
                var end = lessThan < 0 ? _html.Length : lessThan;
                SetText(_position, end - _position, decode: true, null);
                _position = end;
                return true;
            }

            if (ReadMarkup())
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads what starts at a <c>&lt;</c>: a tag (true), something skipped (false), or a text <c>&lt;</c> (true).</summary>
    private bool ReadMarkup()
    {
        var start = _position;
        var next = At(start + 1);
        if (char.IsAsciiLetter(next))
        {
            return ReadTag(start, start + 1, HtmlTokenKind.StartTag);
        }

        if (next == '/')
        {
            var afterSlash = At(start + 2);
            if (char.IsAsciiLetter(afterSlash))
            {
                return ReadTag(start, start + 2, HtmlTokenKind.EndTag);
            }

            if (afterSlash == '\0' && start + 2 >= _html.Length)
            {
                return LiteralToEnd(start);
            }

            // "</>" is nothing; "</ x>" and "</3" are bogus comments up to the next ">".
            SkipPast(start + 2, ">");
            return false;
        }

        if (next == '!')
        {
            if (string.CompareOrdinal(_html, start + 2, "--", 0, 2) == 0)
            {
                SkipComment(start + 4);
                return false;
            }

            if (string.CompareOrdinal(_html, start + 2, "[CDATA[", 0, 7) == 0)
            {
                var contentStart = start + 9;
                var close = _html.IndexOf("]]>", contentStart, StringComparison.Ordinal);
                var contentEnd = close < 0 ? _html.Length : close;
                SetText(contentStart, contentEnd - contentStart, decode: false, null);
                _position = close < 0 ? _html.Length : close + 3;
                return Text.Length > 0;
            }

            SkipPast(start + 2, ">");
            return false;
        }

        if (next == '?')
        {
            SkipPast(start + 2, ">");
            return false;
        }

        SetText(start, 1, decode: false, null);
        _position = start + 1;
        return true;
    }

    private bool ReadTag(int start, int nameStart, HtmlTokenKind kind)
    {
        var index = SkipName(nameStart, '\0');
        var tag = Name(_html.AsSpan(nameStart, index - nameStart));
        _attributes.Clear();
        var selfClosing = false;
        while (true)
        {
            index = SkipSpaces(index);
            if (index >= _html.Length)
            {
                return LiteralToEnd(start);
            }

            var c = _html[index];
            if (c == '>')
            {
                index++;
                break;
            }

            if (c == '/')
            {
                index++;
                if (At(index) == '>')
                {
                    selfClosing = true;
                    index++;
                    break;
                }

                continue;
            }

            if (!ReadAttribute(ref index))
            {
                return LiteralToEnd(start);
            }
        }

        Kind = kind;
        TagName = tag.Name;
        TagRole = tag.Role;
        IsSelfClosing = selfClosing;
        _position = index;
        if (kind == HtmlTokenKind.StartTag && tag.RawText != RawTextKind.None)
        {
            _rawTextElement = tag;
        }

        return true;
    }

    /// <summary>Reads one attribute at <paramref name="index"/>; <see langword="false"/> when the input ends inside it.</summary>
    private bool ReadAttribute(ref int index)
    {
        var nameStart = index;

        // The first character may be '=' ("<b =x>" names an attribute "=x").
        index = SkipName(index + 1, '=');
        var nameLength = index - nameStart;
        var afterName = index;
        index = SkipSpaces(index);

        if (At(index) != '=')
        {
            index = afterName;
            Add(nameStart, nameLength, -1, 0);
            return index < _html.Length;
        }

        index = SkipSpaces(index + 1);
        if (index >= _html.Length)
        {
            return false;
        }

        int valueStart, valueEnd;
        var quote = _html[index];
        if (quote is '"' or '\'')
        {
            valueStart = index + 1;
            valueEnd = _html.IndexOf(quote, valueStart);
            if (valueEnd < 0)
            {
                return false;
            }

            index = valueEnd + 1;
        }
        else
        {
            valueStart = index;
            index = SkipUnquotedValue(index);
            valueEnd = index;
        }

        Add(nameStart, nameLength, valueStart, valueEnd - valueStart);
        return true;
    }

    private void Add(int nameStart, int nameLength, int valueStart, int valueLength)
    {
        // Past 64 attributes a tag's others are not kept, so that a hostile tag with thousands of them costs linear time.
        if (_attributes.Count < 64)
        {
            _attributes.Add((nameStart, nameLength, valueStart, valueLength));
        }
    }

    /// <summary>The known tag with this name, ignoring case; for any other, a new lower-cased name with no role.</summary>
    private static KnownTag Name(ReadOnlySpan<char> name)
    {
        if (name.Length < KnownTagsByLength.Length)
        {
            foreach (var known in KnownTagsByLength[name.Length])
            {
                if (name.Equals(known.Name, StringComparison.OrdinalIgnoreCase))
                {
                    return known;
                }
            }
        }

        return new KnownTag(name.ToString().ToLowerInvariant());
    }

    private static KnownTag[][] ByLength(KnownTag[] tags)
    {
        var byLength = new KnownTag[tags.Max(tag => tag.Name.Length) + 1][];
        for (var length = 0; length < byLength.Length; length++)
        {
            byLength[length] = Array.FindAll(tags, tag => tag.Name.Length == length);
        }

        return byLength;
    }

    // Plain loops rather than SearchValues: its vectorized searchers are generic code that every process would JIT,
    // at three tiers, for runs this short.

    /// <summary>The end of a tag or attribute name from <paramref name="index"/>: a space, <c>/</c>, <c>&gt;</c>, <paramref name="alsoEnd"/> or the end.</summary>
    private int SkipName(int index, char alsoEnd)
    {
        var html = _html;
        while (index < html.Length)
        {
            var c = html[index];
            if (IsSpace(c) || c == '/' || c == '>' || c == alsoEnd)
            {
                break;
            }

            index++;
        }

        return index;
    }

    /// <summary>The end of an unquoted attribute value from <paramref name="index"/>: a space, <c>&gt;</c> or the end.</summary>
    private int SkipUnquotedValue(int index)
    {
        var html = _html;
        while (index < html.Length && !IsSpace(html[index]) && html[index] != '>')
        {
            index++;
        }

        return index;
    }

    /// <summary>The first index at or after <paramref name="index"/> that is not a space, or the length.</summary>
    private int SkipSpaces(int index)
    {
        var html = _html;
        while (index < html.Length && IsSpace(html[index]))
        {
            index++;
        }

        return index;
    }

    /// <summary>Reads a raw-text element's content up to its end tag, or to the end of the input.</summary>
    private void ReadRawText()
    {
        var element = _rawTextElement!;
        var end = element.Name switch
        {
            "plaintext" => _html.Length,
            "script" => ScriptEnd(),
            _ => EndTagAt(_position, element.Name) is var at and >= 0 ? at : _html.Length,
        };

        SetText(_position, end - _position, element.RawText == RawTextKind.Decoded, element);
        _position = end;
        _rawTextElement = null;
    }

    /// <summary>
    /// Where a script's content ends: at the first <c>&lt;/script</c>, except inside <c>&lt;!-- … --&gt;</c> after a
    /// <c>&lt;script</c> (HTML5's escaped and double-escaped script states, so that
    /// <c>&lt;!-- document.write('&lt;script&gt;…&lt;/script&gt;') --&gt;</c> stays script).
    /// </summary>
    private int ScriptEnd()
    {
        var escaped = false;
        var doubleEscaped = false;
        for (var index = _position; index < _html.Length; index++)
        {
            if (_html[index] == '-' && string.CompareOrdinal(_html, index, "-->", 0, 3) == 0)
            {
                escaped = doubleEscaped = false;
                index += 2;
            }
            else if (_html[index] != '<')
            {
                continue;
            }
            else if (!escaped && string.CompareOrdinal(_html, index, "<!--", 0, 4) == 0)
            {
                escaped = true;
                index += 3;
            }
            else if (At(index + 1) == '/' && IsTagNamed(index + 2, "script"))
            {
                if (!doubleEscaped)
                {
                    return index;
                }

                doubleEscaped = false;
            }
            else if (escaped && IsTagNamed(index + 1, "script"))
            {
                doubleEscaped = true;
            }
        }

        return _html.Length;
    }

    /// <summary>The first <c>&lt;/element</c> at or after <paramref name="from"/> that is a tag, or -1.</summary>
    private int EndTagAt(int from, string element)
    {
        for (var search = from; (search = _html.IndexOf("</", search, StringComparison.Ordinal)) >= 0; search += 2)
        {
            if (IsTagNamed(search + 2, element))
            {
                return search;
            }
        }

        return -1;
    }

    /// <summary>Whether <paramref name="element"/>, followed by a space, <c>/</c> or <c>&gt;</c>, is at <paramref name="index"/>.</summary>
    private bool IsTagNamed(int index, string element)
    {
        var afterName = index + element.Length;
        return afterName < _html.Length
            && string.Compare(_html, index, element, 0, element.Length, StringComparison.OrdinalIgnoreCase) == 0
            && (IsSpace(_html[afterName]) || _html[afterName] is '/' or '>');
    }

    /// <summary>Skips a comment whose content starts at <paramref name="contentStart"/>.</summary>
    private void SkipComment(int contentStart)
    {
        // "<!-->" and "<!--->" end where they start.
        if (At(contentStart) == '>')
        {
            _position = contentStart + 1;
            return;
        }

        if (At(contentStart) == '-' && At(contentStart + 1) == '>')
        {
            _position = contentStart + 2;
            return;
        }

        for (var dashes = contentStart; (dashes = _html.IndexOf("--", dashes, StringComparison.Ordinal)) >= 0; dashes++)
        {
            if (At(dashes + 2) == '>')
            {
                _position = dashes + 3;
                return;
            }

            if (At(dashes + 2) == '!' && At(dashes + 3) == '>')
            {
                _position = dashes + 4;
                return;
            }
        }

        _position = _html.Length;
    }

    private void SkipPast(int from, string terminator)
    {
        var index = _html.IndexOf(terminator, Math.Min(from, _html.Length), StringComparison.Ordinal);
        _position = index < 0 ? _html.Length : index + terminator.Length;
    }

    /// <summary>A tag cut off by the end of the input: the rest is text, as written.</summary>
    private bool LiteralToEnd(int start)
    {
        SetText(start, _html.Length - start, decode: false, null);
        _position = _html.Length;
        return true;
    }

    private void SetText(int start, int length, bool decode, KnownTag? element)
    {
        Kind = HtmlTokenKind.Text;
        _textStart = start;
        _textLength = length;
        _decodedText = decode && _html.AsSpan(start, length).Contains('&')
            ? HtmlCharacterReferences.Decode(_html, start, length, inAttribute: false)
            : null;
        TextElementRole = element?.Role ?? HtmlTagRole.None;
    }

    private char At(int index) => index < _html.Length ? _html[index] : '\0';

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';

    /// <summary>How a raw-text element's content is read: not one (<see cref="None"/>), as written, or with its references decoded.</summary>
    private enum RawTextKind : byte
    {
        None,
        Raw,
        Decoded,
    }

    /// <summary>A tag name the scanner knows, with what it is to the text part and whether its content is raw text.</summary>
    private sealed record KnownTag(string Name, HtmlTagRole Role = HtmlTagRole.None, RawTextKind RawText = RawTextKind.None);
}
