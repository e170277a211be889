namespace Hyperswitch.Email.Internal;

/// <summary>Checks text that ends up in a header, where a line break would let the caller inject headers of their own.</summary>
internal static class HeaderText
{
    /// <summary>
    /// Returns <see langword="true"/> when <paramref name="text"/> holds CR, LF, NUL or another control character
    /// (C0 and C1, DEL; tab excepted), or a Unicode line or paragraph separator (U+2028, U+2029): all that some
    /// software reads as a line break (U+0085 is the C1 "next line").
    /// </summary>
    public static bool HasControlCharacter(string text)
    {
        foreach (var c in text)
        {
            if ((c < 0x20 && c != '\t') || c is >= '\u007F' and <= '\u009F' or '\u2028' or '\u2029')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Returns <paramref name="text"/> with every line ending (CR LF, a bare CR, a bare LF) made CR LF, as RFC 5321
    /// section 2.3.8 requires on the wire: a bare CR or LF in a body is what SMTP smuggling (<c>&lt;CR&gt;.&lt;CR&gt;&lt;LF&gt;</c>) relies on.
    /// </summary>
    public static string WithCrLfLineEndings(string text)
    {
        var first = text.AsSpan().IndexOfAny('\r', '\n');
        if (first < 0)
        {
            return text;
        }

        if (text.AsSpan(first).IndexOf('\r') < 0)
        {
            // LF only, as templates and most text are written: one vectorized replace, no loop over the characters.
            return text.Replace("\n", "\r\n", StringComparison.Ordinal);
        }

        var builder = new System.Text.StringBuilder(text.Length + (text.Length / 32));
        builder.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                builder.Append("\r\n");
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
            }
            else if (c == '\n')
            {
                builder.Append("\r\n");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
