using System.Net;
using System.Text;

namespace Hyperswitch.Email.Internal;

/// <summary>
/// Decodes HTML character references (<c>&amp;amp;</c>, <c>&amp;#x27;</c>, <c>&amp;copy</c>) in text and attribute
/// values as an HTML5 tokenizer does for the cases an email holds: numeric references with HTML5's replacements,
/// named references looked up by <see cref="WebUtility.HtmlDecode(string)"/> (HTML 4's 253 names, precompiled in the
/// shared framework), and the legacy names written without a semicolon (<c>&amp;amp</c>, <c>&amp;copy</c>, the
/// Latin-1 set).
/// </summary>
/// <remarks>
/// MimeKit's <c>HtmlEntityDecoder</c> knows all of HTML5's 2,231 names, but its table is a static constructor of
/// 280 KB of IL that the JIT compiles on first use: about a second and 60 MB of peak memory in every process that
/// derives one text part. A name outside HTML 4 (<c>&amp;check;</c>) is left as written, which a reader of the text
/// part still understands.
/// </remarks>
internal static class HtmlCharacterReferences
{
    // HTML5's replacements for the C1 range (0x80-0x9F), read as windows-1252; 0 where the code point is kept.
    private static readonly char[] Windows1252 =
    [
        '\u20AC', '\0', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021', '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\0', '\u017D', '\0',
        '\0', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014', '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\0', '\u017E', '\u0178',
    ];

    /// <summary>
    /// Decodes <paramref name="length"/> characters of <paramref name="html"/> from <paramref name="start"/>.
    /// </summary>
    /// <param name="html">The document.</param>
    /// <param name="start">The first character of the text or attribute value.</param>
    /// <param name="length">Its length.</param>
    /// <param name="inAttribute">
    /// Whether it is an attribute value, where a legacy name without a semicolon followed by <c>=</c> or a letter or digit
    /// stays as written (<c>?a=1&amp;copy=2</c> is a query, not a copyright sign).
    /// </param>
    public static string Decode(string html, int start, int length, bool inAttribute)
    {
        var end = start + length;
        var ampersand = html.IndexOf('&', start, length);
        if (ampersand < 0)
        {
            return html.Substring(start, length);
        }

        var text = new StringBuilder(length);
        text.Append(html, start, ampersand - start);
        var position = ampersand;
        while (position < end)
        {
            var c = html[position];
            if (c != '&')
            {
                text.Append(c);
                position++;
                continue;
            }

            var consumed = position + 1 < end && html[position + 1] == '#'
                ? Numeric(html, position, end, text)
                : Named(html, position, end, inAttribute, text);
            if (consumed == 0)
            {
                text.Append('&');
                consumed = 1;
            }

            position += consumed;
        }

        return text.ToString();
    }

    /// <summary>Appends the character of <c>&amp;#…</c> at <paramref name="position"/>; the characters read, or 0.</summary>
    private static int Numeric(string html, int position, int end, StringBuilder text)
    {
        var index = position + 2;
        var hex = index < end && html[index] is 'x' or 'X';
        if (hex)
        {
            index++;
        }

        var digitsStart = index;
        var value = 0;
        while (index < end && (hex ? char.IsAsciiHexDigit(html[index]) : char.IsAsciiDigit(html[index])))
        {
            // Past U+10FFFF the value only has to stay invalid.
            value = Math.Min(value * (hex ? 16 : 10) + HexValue(html[index]), 0x110000);
            index++;
        }

        if (index == digitsStart)
        {
            return 0;
        }

        if (index < end && html[index] == ';')
        {
            index++;
        }

        if (value is 0 or > 0x10FFFF || value is >= 0xD800 and <= 0xDFFF)
        {
            text.Append('\uFFFD');
        }
        else if (value is >= 0x80 and <= 0x9F && Windows1252[value - 0x80] != '\0')
        {
            text.Append(Windows1252[value - 0x80]);
        }
        else
        {
            text.Append(char.ConvertFromUtf32(value));
        }

        return index - position;
    }

    /// <summary>Appends the character of <c>&amp;name;</c> at <paramref name="position"/>; the characters read, or 0.</summary>
    private static int Named(string html, int position, int end, bool inAttribute, StringBuilder text)
    {
        var nameEnd = position + 1;
        while (nameEnd < end && char.IsAsciiLetterOrDigit(html[nameEnd]))
        {
            nameEnd++;
        }

        var name = html.AsSpan(position + 1, nameEnd - position - 1);
        if (name.Length == 0)
        {
            return 0;
        }

        if (nameEnd < end && html[nameEnd] == ';' && Lookup(name) is { } character)
        {
            text.Append(character);
            return nameEnd + 1 - position;
        }

        // A legacy name without its semicolon: the longest one that starts the name. At the very end of the document
        // the reference is left as written, as MimeKit's tokenizer left it.
        if (nameEnd == html.Length)
        {
            return 0;
        }

        for (var length = Math.Min(name.Length, 6); length >= 2; length--)
        {
            if (Lookup(name[..length]) is not { } legacy || (legacy.Length != 1 || legacy[0] > '\u00FF'))
            {
                continue;
            }

            var next = position + 1 + length;
            if (inAttribute && next < end && (html[next] == '=' || char.IsAsciiLetterOrDigit(html[next])))
            {
                return 0;
            }

            text.Append(legacy);
            return length + 1;
        }

        return 0;
    }

    private static string? Lookup(ReadOnlySpan<char> name)
    {
        // HTML 4's longest name is "thetasym".
        if (name.Length > 8)
        {
            return null;
        }

        // HTML5 also knows six legacy names in capitals.
        if (name is "AMP" or "COPY" or "GT" or "LT" or "QUOT" or "REG")
        {
            return Lookup(name.ToString().ToLowerInvariant());
        }

        var reference = string.Concat("&", name, ";");
        var decoded = WebUtility.HtmlDecode(reference);
        return decoded == reference ? null : decoded;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
