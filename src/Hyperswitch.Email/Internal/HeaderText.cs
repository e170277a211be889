namespace Hyperswitch.Email.Internal;

/// <summary>Checks text that ends up in a header, where a CR or LF would let the caller inject headers of their own.</summary>
internal static class HeaderText
{
    /// <summary>Returns <see langword="true"/> when <paramref name="text"/> holds CR, LF, NUL or another control character (tab excepted).</summary>
    public static bool HasControlCharacter(string text)
    {
        foreach (var c in text)
        {
            if ((c < 0x20 && c != '\t') || c == 0x7F)
            {
                return true;
            }
        }

        return false;
    }
}
