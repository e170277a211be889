using System.Buffers;
using System.Text;
using MimeKit.Text;

namespace Hyperswitch.Email.Internal;

/// <summary>
/// Derives the plain-text alternative of an HTML body: tags dropped, the contents of <c>script</c>, <c>style</c>,
/// <c>head</c> and <c>title</c> dropped, block elements and <c>br</c> turned into line breaks, whitespace collapsed,
/// entities decoded, and every link kept as <c>text (url)</c>.
/// </summary>
/// <remarks>
/// <para>MimeKit's own converters go from text to HTML, not back, and a text part without its links is useless in a signup email.</para>
/// <para>
/// One pass over the string, in the states of MimeKit's <see cref="HtmlTokenizer"/> (which this class used until it
/// showed up as the largest cost of building a message: a token object per tag, a string per run of text and per
/// attribute). It reproduces that tokenizer's reading, quirks included: comments, DOCTYPE and bogus comments dropped,
/// CDATA kept as text, a tag cut off by the end of the input kept as text, the contents of <c>script</c> (with its
/// escape states), raw-text and RCDATA elements read up to their end tag. Only the <c>href</c> of a link and the
/// <c>alt</c> of an image are read, as slices of the input; entities go through MimeKit's
/// <see cref="HtmlEntityDecoder"/>, and only where an <c>&amp;</c> appears. The text is written to a pooled buffer, so
/// the result string is the only allocation of any size.
/// </para>
/// <para>
/// One difference, on purpose: after <c>&lt;!DOCTYPE html x&gt;</c> (one to five characters after the name) MimeKit
/// keeps the <c>x</c> and prepends it to the next tag's name; this class does not.
/// </para>
/// </remarks>
internal sealed class HtmlToPlainText
{
    private readonly string _html;
    private readonly Stack<int> _listCounters = new();
    private char[] _text;
    private int _length;
    private HtmlEntityDecoder? _entities;
    private int _hiddenDepth;
    private int _preDepth;
    private int _pendingBreaks;
    private bool _pendingSpace;
    private ReadOnlyMemory<char> _href;
    private int _linkStart;

    private HtmlToPlainText(string html)
    {
        _html = html;
        _text = ArrayPool<char>.Shared.Rent(Math.Max(html.Length, 256));
    }

    /// <summary>The states of a tag after its name, as in the HTML tokenizer.</summary>
    private enum TagState
    {
        BeforeAttributeName,
        AttributeName,
        AfterAttributeName,
        BeforeAttributeValue,
        AttributeValueQuoted,
        AttributeValueUnquoted,
        AfterAttributeValueQuoted,
        SelfClosingStartTag,
    }

    /// <summary>The states of a comment after its opening <c>&lt;!--</c>, as in the HTML tokenizer.</summary>
    private enum CommentState
    {
        Start,
        StartDash,
        Comment,
        EndDash,
        End,
        EndBang,
    }

    /// <summary>The states of a <c>script</c> element's content, as in the HTML tokenizer.</summary>
    private enum ScriptState
    {
        Data,
        LessThan,
        EndTagOpen,
        EndTagName,
        EscapeStart,
        EscapeStartDash,
        Escaped,
        EscapedDash,
        EscapedDashDash,
        EscapedLessThan,
        EscapedEndTagOpen,
        EscapedEndTagName,
        DoubleEscapeStart,
        DoubleEscaped,
        DoubleEscapedDash,
        DoubleEscapedDashDash,
        DoubleEscapedLessThan,
        DoubleEscapeEnd,
    }

    private bool Visible => _hiddenDepth == 0;

    /// <summary>Converts <paramref name="html"/> to plain text with LF line breaks and no trailing whitespace.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="html"/> is <see langword="null"/>.</exception>
    public static string Convert(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var converter = new HtmlToPlainText(html);
        try
        {
            converter.ReadData(0);
            return new string(converter._text, 0, converter._length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(converter._text);
        }
    }

    // The data state: text, character references and the start of markup.
    private void ReadData(int i)
    {
        var html = _html;
        while (i < html.Length)
        {
            var run = html.AsSpan(i).IndexOfAny('<', '&');
            if (run < 0)
            {
                Text(html.AsSpan(i));
                return;
            }

            Text(html.AsSpan(i, run));
            i += run;
            i = html[i] == '<' ? ReadMarkup(i) : ReadCharacterReference(i);
        }
    }

    // '<' at i: a tag, an end tag, a comment, a DOCTYPE, CDATA, or just text.
    private int ReadMarkup(int i)
    {
        var html = _html;
        if (i + 1 == html.Length)
        {
            Text('<');
            return html.Length;
        }

        var c = html[i + 1];
        switch (c)
        {
            case '!':
                return ReadMarkupDeclaration(i);
            case '?':
                return SkipBogusComment(i + 2);
            case '/':
                if (i + 2 == html.Length)
                {
                    Text(html.AsSpan(i));
                    return html.Length;
                }

                var first = html[i + 2];
                if (first == '>')
                {
                    return i + 3;
                }

                return char.IsAsciiLetter(first) ? ReadTag(i, i + 2, isEndTag: true) : SkipBogusComment(i + 3);
            default:
                if (char.IsAsciiLetter(c))
                {
                    return ReadTag(i, i + 1, isEndTag: false);
                }

                // Not markup: the '<' and the character after it are text, even an '&' or another '<'.
                Text('<');
                Text(c);
                return i + 2;
        }
    }

    // "<!" at i: "<!--" starts a comment, "<!DOCTYPE" a DOCTYPE, "<![CDATA[" a CDATA section, anything else a bogus comment.
    private int ReadMarkupDeclaration(int i)
    {
        var html = _html;
        var j = i + 2;
        var count = 0;
        while (count < 2)
        {
            if (j == html.Length)
            {
                return Truncated(i);
            }

            if (html[j] != '-')
            {
                break;
            }

            j++;
            count++;
        }

        if (count == 2)
        {
            return SkipComment(j);
        }

        if (count == 0 && html[j] is 'D' or 'd' or '[')
        {
            var keyword = html[j] == '[' ? "[CDATA[" : "doctype";
            j++;
            for (count = 1; count < keyword.Length; count++)
            {
                if (j == html.Length)
                {
                    return Truncated(i);
                }

                var c = html[j++];
                if ((keyword[0] == '[' ? c : AsciiLower(c)) != keyword[count])
                {
                    break;
                }
            }

            if (count == keyword.Length)
            {
                return keyword[0] == '[' ? ReadCData(j) : SkipBogusComment(j);
            }
        }

        return SkipBogusComment(j);
    }

    // A DOCTYPE ends at the first '>' in every one of its states, like a bogus comment.
    private int SkipBogusComment(int j)
    {
        var end = _html.IndexOf('>', j);
        return end < 0 ? _html.Length : end + 1;
    }

    // After "<!--": the comment states. "<!-->" and "<!--->" are whole comments, "-->" or "--!>" ends one, and so
    // does the end of the input.
    private int SkipComment(int j)
    {
        var html = _html;
        var state = CommentState.Start;
        while (j < html.Length)
        {
            var c = html[j++];
            switch (state)
            {
                case CommentState.Start:
                case CommentState.StartDash:
                    if (c == '>')
                    {
                        return j;
                    }

                    state = c != '-' ? CommentState.Comment : state == CommentState.Start ? CommentState.StartDash : CommentState.End;
                    break;
                case CommentState.Comment:
                    var dash = html.IndexOf('-', j - 1);
                    if (dash < 0)
                    {
                        return html.Length;
                    }

                    j = dash + 1;
                    state = CommentState.EndDash;
                    break;
                case CommentState.EndDash:
                    state = c == '-' ? CommentState.End : CommentState.Comment;
                    break;
                case CommentState.End:
                    if (c == '>')
                    {
                        return j;
                    }

                    state = c switch
                    {
                        '!' => CommentState.EndBang,
                        '-' => CommentState.End,
                        _ => CommentState.Comment,
                    };
                    break;
                case CommentState.EndBang:
                    if (c == '>')
                    {
                        return j;
                    }

                    state = c == '-' ? CommentState.EndDash : CommentState.Comment;
                    break;
            }
        }

        return j;
    }

    // After "<![CDATA[": text up to "]]>" (which must not start the section: MimeKit looks at the last three characters
    // only once it holds three), or to the end of the input.
    private int ReadCData(int j)
    {
        var html = _html;
        var end = j + 1 <= html.Length ? html.IndexOf("]]>", j + 1, StringComparison.Ordinal) : -1;
        if (end < 0)
        {
            Text(html.AsSpan(j));
            return html.Length;
        }

        Text(html.AsSpan(j, end - j));
        return end + 3;
    }

    // "<" or "</" at tagStart and an ASCII letter at nameStart: the tag name, then the attributes.
    private int ReadTag(int tagStart, int nameStart, bool isEndTag)
    {
        var html = _html;
        for (var j = nameStart + 1; j < html.Length; j++)
        {
            var c = html[j];
            if (c is '\t' or '\r' or '\n' or '\f' or ' ' or '/' or '>')
            {
                var name = html.AsSpan(nameStart, j - nameStart);
                var state = c == '/' ? TagState.SelfClosingStartTag : TagState.BeforeAttributeName;
                return c == '>'
                    ? EmitTag(TagId(name), isEndTag, isEmptyElement: false, default, nameStart, j - nameStart, j + 1)
                    : ReadAttributes(tagStart, j + 1, state, TagId(name), isEndTag, nameStart, j - nameStart);
            }
        }

        return Truncated(tagStart);
    }

    // The attribute states of a tag: only the href of a link and the alt of an image are kept, as slices of the input.
    private int ReadAttributes(int tagStart, int j, TagState state, HtmlTagId id, bool isEndTag, int nameStart, int nameLength)
    {
        var html = _html;
        var wanted = isEndTag ? null : id switch
        {
            HtmlTagId.A => "href",
            HtmlTagId.Image => "alt",
            _ => null,
        };

        var value = default(ReadOnlyMemory<char>);
        var found = false;
        var capturing = false;
        var attributeStart = 0;
        var valueStart = 0;
        var quote = '\0';
        var isEmptyElement = false;
        while (true)
        {
            if (j == html.Length)
            {
                return Truncated(tagStart);
            }

            var c = html[j++];
            switch (state)
            {
                case TagState.BeforeAttributeName:
                case TagState.AfterAttributeName:
                    if (c is '\t' or '\r' or '\n' or '\f' or ' ')
                    {
                        break;
                    }

                    if (c == '/')
                    {
                        state = TagState.SelfClosingStartTag;
                    }
                    else if (c == '>')
                    {
                        return EmitTag(id, isEndTag, isEmptyElement, value, nameStart, nameLength, j);
                    }
                    else if (c == '=' && state == TagState.AfterAttributeName)
                    {
                        state = TagState.BeforeAttributeValue;
                    }
                    else
                    {
                        state = TagState.AttributeName;
                        attributeStart = j - 1;
                    }

                    break;
                case TagState.AttributeName:
                    if (c is '\t' or '\r' or '\n' or '\f' or ' ' or '/' or '=' or '>')
                    {
                        // The attribute exists from here on; the first one with the wanted name is the one read.
                        capturing = wanted is not null && !found && html.AsSpan(attributeStart, j - 1 - attributeStart).Equals(wanted, StringComparison.OrdinalIgnoreCase);
                        found |= capturing;
                        if (c == '>')
                        {
                            return EmitTag(id, isEndTag, isEmptyElement, value, nameStart, nameLength, j);
                        }

                        state = c switch
                        {
                            '/' => TagState.SelfClosingStartTag,
                            '=' => TagState.BeforeAttributeValue,
                            _ => TagState.AfterAttributeName,
                        };
                    }

                    break;
                case TagState.BeforeAttributeValue:
                    if (c is '\t' or '\r' or '\n' or '\f' or ' ')
                    {
                        break;
                    }

                    if (c is '"' or '\'')
                    {
                        state = TagState.AttributeValueQuoted;
                        quote = c;
                        valueStart = j;
                    }
                    else if (c == '/')
                    {
                        // MimeKit reads '/' here as the end of an empty element, not as the start of a value.
                        state = TagState.SelfClosingStartTag;
                    }
                    else if (c == '>')
                    {
                        return EmitTag(id, isEndTag, isEmptyElement, value, nameStart, nameLength, j);
                    }
                    else
                    {
                        state = TagState.AttributeValueUnquoted;
                        quote = '\0';
                        valueStart = j - 1;
                    }

                    break;
                case TagState.AttributeValueQuoted:
                    var close = html.IndexOf(quote, j - 1);
                    if (close < 0)
                    {
                        return Truncated(tagStart);
                    }

                    j = close + 1;
                    if (capturing)
                    {
                        value = AttributeValue(valueStart, close, quote);
                    }

                    state = TagState.AfterAttributeValueQuoted;
                    break;
                case TagState.AttributeValueUnquoted:
                    if (c is '\t' or '\r' or '\n' or '\f' or ' ' or '>')
                    {
                        if (capturing)
                        {
                            value = AttributeValue(valueStart, j - 1, '\0');
                        }

                        if (c == '>')
                        {
                            return EmitTag(id, isEndTag, isEmptyElement, value, nameStart, nameLength, j);
                        }

                        state = TagState.BeforeAttributeName;
                    }

                    break;
                case TagState.AfterAttributeValueQuoted:
                    if (c == '>')
                    {
                        return EmitTag(id, isEndTag, isEmptyElement, value, nameStart, nameLength, j);
                    }

                    state = c == '/' ? TagState.SelfClosingStartTag : TagState.BeforeAttributeName;
                    if (c is not ('\t' or '\r' or '\n' or '\f' or ' ' or '/'))
                    {
                        j--; // not consumed
                    }

                    break;
                case TagState.SelfClosingStartTag:
                    if (c == '>')
                    {
                        isEmptyElement = true;
                        return EmitTag(id, isEndTag, isEmptyElement, value, nameStart, nameLength, j);
                    }

                    // MimeKit drops the character after a stray '/'.
                    state = TagState.BeforeAttributeName;
                    break;
            }
        }
    }

    // A tag is complete at j: act on it, then read the content of an element that has no markup inside.
    private int EmitTag(HtmlTagId id, bool isEndTag, bool isEmptyElement, ReadOnlyMemory<char> attribute, int nameStart, int nameLength, int j)
    {
        VisitTag(id, isEndTag, isEmptyElement, attribute);
        if (isEndTag || isEmptyElement)
        {
            return j;
        }

        switch (id)
        {
            case HtmlTagId.Style or HtmlTagId.Xmp or HtmlTagId.IFrame or HtmlTagId.NoEmbed or HtmlTagId.NoFrames or HtmlTagId.NoScript:
                return ReadRawText(j, nameStart, nameLength, decode: false);
            case HtmlTagId.Title or HtmlTagId.TextArea:
                return ReadRawText(j, nameStart, nameLength, decode: true);
            case HtmlTagId.Script:
                return ReadScript(j);
            case HtmlTagId.PlainText:
                for (; j < _html.Length; j++)
                {
                    Text(_html[j] == '\0' ? '\uFFFD' : _html[j]);
                }

                return j;
            default:
                return j;
        }
    }

    // RAWTEXT and RCDATA: everything is text up to "</name" (the start tag's name) followed by a space, '/' or '>'.
    private int ReadRawText(int j, int activeStart, int activeLength, bool decode)
    {
        var html = _html;
        while (j < html.Length)
        {
            var c = html[j];
            if (decode && c == '&')
            {
                j = ReadCharacterReference(j);
                continue;
            }

            j++;
            if (c != '<' || j == html.Length || html[j] != '/')
            {
                Text(c == '\0' ? '\uFFFD' : c);
                continue;
            }

            var lessThan = j - 1;
            j++;
            if (j == html.Length || !char.IsAsciiLetter(html[j]))
            {
                Text(html.AsSpan(lessThan, j - lessThan));
                continue;
            }

            var nameStart = j++;
            while (true)
            {
                if (j == html.Length)
                {
                    return Truncated(lessThan);
                }

                c = html[j++];
                var name = html.AsSpan(nameStart, j - 1 - nameStart);
                if (c is '\t' or '\r' or '\n' or '\f' or ' ' or '/' or '>' && AsciiEqualsIgnoreCase(name, html.AsSpan(activeStart, activeLength)))
                {
                    return c == '>'
                        ? EmitTag(TagId(name), isEndTag: true, isEmptyElement: false, default, nameStart, name.Length, j)
                        : ReadAttributes(lessThan, j, c == '/' ? TagState.SelfClosingStartTag : TagState.BeforeAttributeName, TagId(name), isEndTag: true, nameStart, name.Length);
                }

                if (!char.IsAsciiLetter(c))
                {
                    // Not the end tag: all of it is text, the character that ended it included (as MimeKit reads it).
                    Text(html.AsSpan(lessThan, j - lessThan));
                    break;
                }
            }
        }

        return j;
    }

    // The content of a script element, always hidden: only where it ends matters, which the escape states
    // ("<!--" ... "-->", and "<script>" inside them) decide. Mirrors MimeKit's states, including which of them
    // forget the name read so far.
    private int ReadScript(int j)
    {
        var html = _html;
        var state = ScriptState.Data;
        var name = new ScriptName();
        var lessThan = j;
        while (true)
        {
            var atEnd = j == html.Length;
            var c = atEnd ? '\0' : html[j];
            switch (state)
            {
                case ScriptState.Data:
                    if (atEnd)
                    {
                        return j;
                    }

                    j++;
                    if (c == '<')
                    {
                        lessThan = j - 1;
                        state = ScriptState.LessThan;
                    }

                    break;
                case ScriptState.LessThan:
                    state = c switch
                    {
                        '/' => ScriptState.EndTagOpen,
                        '!' => ScriptState.EscapeStart,
                        _ => ScriptState.Data,
                    };
                    if (state != ScriptState.Data)
                    {
                        j++;
                    }

                    if (c == '/')
                    {
                        name.Clear();
                    }

                    break;
                case ScriptState.EndTagOpen:
                    if (atEnd)
                    {
                        return j;
                    }

                    state = ScriptState.Data;
                    if (c is 's' or 'S')
                    {
                        j++;
                        name.Append('s');
                        state = ScriptState.EndTagName;
                    }

                    break;
                case ScriptState.EndTagName:
                case ScriptState.EscapedEndTagName:
                    if (atEnd)
                    {
                        return j;
                    }

                    j++;
                    if (c is '\t' or '\r' or '\n' or '\f' or ' ' or '/' or '>' && name.IsScript)
                    {
                        return c == '>'
                            ? EmitTag(HtmlTagId.Script, isEndTag: true, isEmptyElement: false, default, 0, 0, j)
                            : ReadAttributes(lessThan, j, c == '/' ? TagState.SelfClosingStartTag : TagState.BeforeAttributeName, HtmlTagId.Script, isEndTag: true, 0, 0);
                    }

                    if (char.IsAsciiLetter(c))
                    {
                        name.Append(c);
                    }
                    else
                    {
                        if (state == ScriptState.EndTagName)
                        {
                            name.Clear();
                        }

                        state = ScriptState.Data;
                    }

                    break;
                case ScriptState.EscapeStart:
                case ScriptState.EscapeStartDash:
                    if (c == '-')
                    {
                        j++;
                        state = state == ScriptState.EscapeStart ? ScriptState.EscapeStartDash : ScriptState.EscapedDashDash;
                    }
                    else
                    {
                        state = ScriptState.Data;
                    }

                    break;
                case ScriptState.Escaped:
                case ScriptState.EscapedDash:
                case ScriptState.EscapedDashDash:
                    if (atEnd)
                    {
                        return j;
                    }

                    j++;
                    if (c == '<')
                    {
                        lessThan = j - 1;
                        state = ScriptState.EscapedLessThan;
                    }
                    else if (c == '-')
                    {
                        state = state == ScriptState.Escaped ? ScriptState.EscapedDash : ScriptState.EscapedDashDash;
                    }
                    else
                    {
                        state = c == '>' && state == ScriptState.EscapedDashDash ? ScriptState.Data : ScriptState.Escaped;
                    }

                    break;
                case ScriptState.EscapedLessThan:
                    if (c == '/')
                    {
                        j++;
                        name.Clear();
                        state = ScriptState.EscapedEndTagOpen;
                    }
                    else if (char.IsAsciiLetter(c))
                    {
                        j++;
                        name.Append(c);
                        state = ScriptState.DoubleEscapeStart;
                    }
                    else
                    {
                        state = ScriptState.Escaped;
                    }

                    break;
                case ScriptState.EscapedEndTagOpen:
                    if (atEnd)
                    {
                        return j;
                    }

                    state = ScriptState.Escaped;
                    if (char.IsAsciiLetter(c))
                    {
                        j++;
                        name.Append(c);
                        state = ScriptState.EscapedEndTagName;
                    }

                    break;
                case ScriptState.DoubleEscapeStart:
                    if (atEnd)
                    {
                        return j;
                    }

                    j++;
                    if (c is '\t' or '\r' or '\n' or '\f' or ' ' or '/' or '>')
                    {
                        state = name.IsScript ? ScriptState.DoubleEscaped : ScriptState.Escaped;
                        name.Clear();
                    }
                    else if (char.IsAsciiLetter(c))
                    {
                        name.Append(c);
                    }
                    else
                    {
                        state = ScriptState.Escaped;
                    }

                    break;
                case ScriptState.DoubleEscaped:
                case ScriptState.DoubleEscapedDash:
                case ScriptState.DoubleEscapedDashDash:
                    if (atEnd)
                    {
                        return j;
                    }

                    j++;
                    if (c == '<')
                    {
                        state = ScriptState.DoubleEscapedLessThan;
                    }
                    else if (c == '-')
                    {
                        state = state == ScriptState.DoubleEscaped ? ScriptState.DoubleEscapedDash : ScriptState.DoubleEscapedDashDash;
                    }
                    else
                    {
                        state = c == '>' && state == ScriptState.DoubleEscapedDashDash ? ScriptState.Data : ScriptState.DoubleEscaped;
                    }

                    break;
                case ScriptState.DoubleEscapedLessThan:
                    if (c == '/')
                    {
                        j++;
                        state = ScriptState.DoubleEscapeEnd;
                    }
                    else
                    {
                        state = ScriptState.DoubleEscaped;
                    }

                    break;
                case ScriptState.DoubleEscapeEnd:
                    if (c is '\t' or '\r' or '\n' or '\f' or ' ' or '/' or '>')
                    {
                        j++;
                        state = name.IsScript ? ScriptState.Escaped : ScriptState.DoubleEscaped;
                    }
                    else if (char.IsAsciiLetter(c))
                    {
                        j++;
                        name.Append(c);
                    }
                    else
                    {
                        state = ScriptState.DoubleEscaped;
                    }

                    break;
            }
        }
    }

    // '&' at i in text: a character reference, decoded as MimeKit's tokenizer does; the raw text if the input ends inside it.
    private int ReadCharacterReference(int i)
    {
        var html = _html;
        var j = i + 1;
        if (j == html.Length || html[j] is '\t' or '\r' or '\n' or '\f' or ' ' or '<' or '&')
        {
            Text('&');
            return j;
        }

        var entities = _entities ??= new HtmlEntityDecoder();
        entities.Push('&');
        while (entities.Push(html[j]))
        {
            j++;
            if (html[j - 1] == ';')
            {
                break;
            }

            if (j == html.Length)
            {
                entities.Reset();
                Text(html.AsSpan(i));
                return j;
            }
        }

        Text(entities.GetValue());
        entities.Reset();
        return j;
    }

    // The value of the attribute read, html[start..end), with html[end] the character that ended it; decoded only
    // when it holds an '&' or a NUL, with the rules for attribute values (no decoding before '=' or a letter or digit).
    private ReadOnlyMemory<char> AttributeValue(int start, int end, char quote)
    {
        var html = _html;
        var raw = html.AsMemory(start, end - start);
        if (raw.Span.IndexOfAny('&', '\0') < 0)
        {
            return raw;
        }

        var allowed = quote == '\0' ? '>' : quote;
        var entities = _entities ??= new HtmlEntityDecoder();
        var value = new StringBuilder(end - start);
        var k = start;
        while (k < end)
        {
            var c = html[k];
            if (c != '&' || html[k + 1] is '\t' or '\r' or '\n' or '\f' or ' ' or '<' or '&' || html[k + 1] == allowed)
            {
                value.Append(c == '\0' ? '\uFFFD' : c);
                k++;
                continue;
            }

            // No entity character is a quote, a space or '>', so the reference never runs past the value.
            var m = k + 1;
            entities.Push('&');
            while (entities.Push(html[m]))
            {
                if (html[m++] == ';')
                {
                    break;
                }
            }

            var next = html[m - 1] == ';' && m > k + 1 ? ';' : html[m];
            if (next == '=' || char.IsAsciiLetterOrDigit(next))
            {
                value.Append(html, k, m - k);
            }
            else
            {
                value.Append(entities.GetValue());
            }

            entities.Reset();
            k = m;
        }

        return value.ToString().AsMemory();
    }

    // The input ended inside markup that started at start: MimeKit keeps what it read as text.
    private int Truncated(int start)
    {
        Text(_html.AsSpan(start));
        return _html.Length;
    }

    private void VisitTag(HtmlTagId id, bool isEndTag, bool isEmptyElement, ReadOnlyMemory<char> attribute)
    {
        if (id == HtmlTagId.Body && !isEndTag)
        {
            // The body is never hidden, even when the head before it was left unclosed.
            _hiddenDepth = 0;
        }

        if (id is HtmlTagId.Script or HtmlTagId.Style or HtmlTagId.Head or HtmlTagId.Title)
        {
            if (!isEmptyElement)
            {
                _hiddenDepth = isEndTag ? Math.Max(0, _hiddenDepth - 1) : _hiddenDepth + 1;
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
                VisitLink(isEndTag, attribute);
                return;
            case HtmlTagId.Image when !isEndTag:
                AppendText(attribute.Span);
                return;
            case HtmlTagId.TD or HtmlTagId.TH when !isEndTag:
                _pendingSpace = true;
                return;
            case HtmlTagId.UL or HtmlTagId.OL:
                if (isEndTag)
                {
                    _listCounters.TryPop(out _);
                }
                else if (!isEmptyElement)
                {
                    _listCounters.Push(id == HtmlTagId.OL ? 1 : 0);
                }

                break;
            case HtmlTagId.Pre when !isEmptyElement:
                _preDepth = isEndTag ? Math.Max(0, _preDepth - 1) : _preDepth + 1;
                break;
        }

        switch (id)
        {
            // Elements that end a paragraph: a blank line before and after.
            case HtmlTagId.P or HtmlTagId.H1 or HtmlTagId.H2 or HtmlTagId.H3 or HtmlTagId.H4 or HtmlTagId.H5 or HtmlTagId.H6
                or HtmlTagId.UL or HtmlTagId.OL or HtmlTagId.DL or HtmlTagId.Table or HtmlTagId.BlockQuote or HtmlTagId.Pre or HtmlTagId.HR:
                Break(2);
                break;

            // Elements that start a line of their own.
            case HtmlTagId.Div or HtmlTagId.LI or HtmlTagId.TR or HtmlTagId.DT or HtmlTagId.DD or HtmlTagId.Address or HtmlTagId.Center
                or HtmlTagId.Form or HtmlTagId.FieldSet or HtmlTagId.Body or HtmlTagId.Html:
                Break(1);
                break;
        }

        if (id == HtmlTagId.LI && !isEndTag)
        {
            AppendListMarker();
            _pendingSpace = true;
        }
    }

    private void VisitLink(bool isEndTag, ReadOnlyMemory<char> href)
    {
        if (!isEndTag)
        {
            _href = href.Trim();
            _linkStart = _length;
            return;
        }

        var url = _href.Span;
        _href = default;
        if (url.IsEmpty || url[0] == '#' || url.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var label = _text.AsSpan(_linkStart, _length - _linkStart).Trim();
        var target = url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? url["mailto:".Length..] : url;
        if (label.IsEmpty)
        {
            AppendText(url);
        }
        else if (!label.Equals(url, StringComparison.OrdinalIgnoreCase) && !label.Equals(target, StringComparison.OrdinalIgnoreCase))
        {
            _pendingSpace = true;
            AppendText("(");
            AppendText(url);
            AppendText(")");
        }
    }

    private void AppendListMarker()
    {
        if (_listCounters.TryPop(out var counter) && counter > 0)
        {
            _listCounters.Push(counter + 1);
            Span<char> marker = stackalloc char[12];
            counter.TryFormat(marker, out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
            marker[written++] = '.';
            AppendText(marker[..written]);
            return;
        }

        _listCounters.Push(counter);
        AppendText("-");
    }

    private void Break(int lines)
    {
        _pendingBreaks = Math.Max(_pendingBreaks, lines);
        _pendingSpace = false;
    }

    // Text read from the input counts only outside hidden elements.
    private void Text(char c)
    {
        if (Visible)
        {
            Append(c);
        }
    }

    private void Text(ReadOnlySpan<char> data)
    {
        if (Visible)
        {
            AppendText(data);
        }
    }

    private void Append(char c) => AppendText(new ReadOnlySpan<char>(in c));

    /// <summary>
    /// Appends text: whitespace collapsed (outside <c>pre</c>), control characters dropped, and the line breaks or the
    /// space owed written before the next character, none at the very start. One loop over locals: this is most of the work.
    /// </summary>
    private void AppendText(ReadOnlySpan<char> data)
    {
        // Each character writes at most itself and two line breaks before it.
        if (_length + (3 * data.Length) > _text.Length)
        {
            Grow(_length + (3 * data.Length));
        }

        var text = _text;
        var length = _length;
        var breaks = _pendingBreaks;
        var space = _pendingSpace;
        var pre = _preDepth > 0;
        foreach (var c in data)
        {
            // Printable ASCII other than the space, most of the text, goes straight to the checks below.
            if ((uint)(c - '!') > '~' - '!')
            {
                if (pre && c is '\n' or '\r')
                {
                    if (c == '\n')
                    {
                        breaks = Math.Min(breaks + 1, 2);
                        space = false;
                    }

                    continue;
                }

                if (char.IsWhiteSpace(c) && !pre)
                {
                    space = true;
                    continue;
                }

                if (char.IsControl(c) && c != '\t')
                {
                    continue;
                }
            }

            if (length == 0)
            {
                breaks = 0;
                space = false;
            }
            else if (breaks > 0)
            {
                text[length++] = '\n';
                if (breaks > 1)
                {
                    text[length++] = '\n';
                }

                breaks = 0;
                space = false;
            }
            else if (space)
            {
                if (text[length - 1] != '\n')
                {
                    text[length++] = ' ';
                }

                space = false;
            }

            text[length++] = c;
        }

        _length = length;
        _pendingBreaks = breaks;
        _pendingSpace = space;
    }

    private void Grow(int capacity)
    {
        var larger = ArrayPool<char>.Shared.Rent(Math.Max(capacity, _text.Length * 2));
        _text.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<char>.Shared.Return(_text);
        _text = larger;
    }

    private static char AsciiLower(char c) => char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;

    private static bool AsciiEqualsIgnoreCase(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (AsciiLower(a[i]) != AsciiLower(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The identifier of the tags this class acts on, compared as MimeKit does; any other tag is <see cref="HtmlTagId.Unknown"/>.</summary>
    private static HtmlTagId TagId(ReadOnlySpan<char> name)
    {
        const int Longest = 10; // "blockquote", "plaintext"
        if (name.Length > Longest)
        {
            return HtmlTagId.Unknown;
        }

        if (!Ascii.IsValid(name))
        {
            // OrdinalIgnoreCase, as MimeKit's lookup, for whatever non-ASCII letters may match.
            foreach (var (text, id) in KnownTags)
            {
                if (name.Equals(text, StringComparison.OrdinalIgnoreCase))
                {
                    return id;
                }
            }

            return HtmlTagId.Unknown;
        }

        Span<char> lower = stackalloc char[Longest];
        Ascii.ToLower(name, lower, out var length);
        return lower[..length] switch
        {
            "a" => HtmlTagId.A, "p" => HtmlTagId.P, "br" => HtmlTagId.Br, "td" => HtmlTagId.TD, "th" => HtmlTagId.TH,
            "tr" => HtmlTagId.TR, "li" => HtmlTagId.LI, "ul" => HtmlTagId.UL, "ol" => HtmlTagId.OL, "dl" => HtmlTagId.DL,
            "dt" => HtmlTagId.DT, "dd" => HtmlTagId.DD, "hr" => HtmlTagId.HR, "h1" => HtmlTagId.H1, "h2" => HtmlTagId.H2,
            "h3" => HtmlTagId.H3, "h4" => HtmlTagId.H4, "h5" => HtmlTagId.H5, "h6" => HtmlTagId.H6, "div" => HtmlTagId.Div,
            "img" => HtmlTagId.Image, "pre" => HtmlTagId.Pre, "xmp" => HtmlTagId.Xmp, "body" => HtmlTagId.Body,
            "head" => HtmlTagId.Head, "html" => HtmlTagId.Html, "form" => HtmlTagId.Form, "style" => HtmlTagId.Style,
            "table" => HtmlTagId.Table, "title" => HtmlTagId.Title, "script" => HtmlTagId.Script,
            "center" => HtmlTagId.Center, "iframe" => HtmlTagId.IFrame, "address" => HtmlTagId.Address,
            "noembed" => HtmlTagId.NoEmbed, "fieldset" => HtmlTagId.FieldSet, "noframes" => HtmlTagId.NoFrames,
            "noscript" => HtmlTagId.NoScript, "textarea" => HtmlTagId.TextArea, "plaintext" => HtmlTagId.PlainText,
            "blockquote" => HtmlTagId.BlockQuote,
            _ => HtmlTagId.Unknown,
        };
    }

    // The tags acted on, for names with non-ASCII characters; the same as the switch above.
    private static readonly (string Name, HtmlTagId Id)[] KnownTags =
    [
        ("a", HtmlTagId.A), ("p", HtmlTagId.P), ("br", HtmlTagId.Br), ("td", HtmlTagId.TD), ("th", HtmlTagId.TH),
        ("tr", HtmlTagId.TR), ("li", HtmlTagId.LI), ("ul", HtmlTagId.UL), ("ol", HtmlTagId.OL), ("dl", HtmlTagId.DL),
        ("dt", HtmlTagId.DT), ("dd", HtmlTagId.DD), ("hr", HtmlTagId.HR), ("h1", HtmlTagId.H1), ("h2", HtmlTagId.H2),
        ("h3", HtmlTagId.H3), ("h4", HtmlTagId.H4), ("h5", HtmlTagId.H5), ("h6", HtmlTagId.H6), ("div", HtmlTagId.Div),
        ("img", HtmlTagId.Image), ("pre", HtmlTagId.Pre), ("xmp", HtmlTagId.Xmp), ("body", HtmlTagId.Body),
        ("head", HtmlTagId.Head), ("html", HtmlTagId.Html), ("form", HtmlTagId.Form), ("style", HtmlTagId.Style),
        ("table", HtmlTagId.Table), ("title", HtmlTagId.Title), ("script", HtmlTagId.Script),
        ("center", HtmlTagId.Center), ("iframe", HtmlTagId.IFrame), ("address", HtmlTagId.Address),
        ("noembed", HtmlTagId.NoEmbed), ("fieldset", HtmlTagId.FieldSet), ("noframes", HtmlTagId.NoFrames),
        ("noscript", HtmlTagId.NoScript), ("textarea", HtmlTagId.TextArea), ("plaintext", HtmlTagId.PlainText),
        ("blockquote", HtmlTagId.BlockQuote),
    ];

    /// <summary>The end tag name a script's states have read: only whether it is "script" matters.</summary>
    private struct ScriptName
    {
        private int _length;
        private bool _matches;

        public readonly bool IsScript => _matches && _length == 6;

        public void Clear()
        {
            _length = 0;
            _matches = true;
        }

        public void Append(char c)
        {
            _matches = (_length == 0 || _matches) && _length < 6 && AsciiLower(c) == "script"[_length];
            _length++;
        }
    }
}
