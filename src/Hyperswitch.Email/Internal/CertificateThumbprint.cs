namespace Hyperswitch.Email.Internal;

/// <summary>Reads a SHA-256 certificate thumbprint as people paste it: with or without colons, spaces, any case.</summary>
internal static class CertificateThumbprint
{
    /// <summary>Returns the thumbprint as 64 upper-case hexadecimal characters, or <see langword="null"/> when it is not one.</summary>
    public static string? Normalize(string text)
    {
        var hex = new string(text.Where(c => c is not (':' or ' ' or '-')).ToArray()).ToUpperInvariant();
        return hex.Length == 64 && hex.All(char.IsAsciiHexDigit) ? hex : null;
    }
}
