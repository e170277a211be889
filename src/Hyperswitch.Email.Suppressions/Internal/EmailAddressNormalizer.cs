using System.Globalization;

namespace Hyperswitch.Email.Suppressions.Internal;

/// <summary>One spelling per address: trimmed, lower case, the domain in its ASCII (IDNA) form, so that lookups match however it was written.</summary>
internal static class EmailAddressNormalizer
{
    /// <summary>The longest address (RFC 5321's path limit).</summary>
    public const int MaxLength = 320;

    private static readonly IdnMapping Idn = new();

    public static string Normalize(string address, string parameter = "address") =>
        TryNormalize(address, out var normalized)
            ? normalized
            : throw new ArgumentException("The value is not an email address.", parameter);

    public static bool TryNormalize(string? address, out string normalized)
    {
        normalized = string.Empty;
        var trimmed = address?.Trim().Trim('<', '>');
        var at = trimmed?.LastIndexOf('@') ?? -1;
        if (trimmed is null || at <= 0 || at == trimmed.Length - 1 || trimmed.Any(char.IsWhiteSpace))
        {
            return false;
        }

        string domain;
        try
        {
            domain = Idn.GetAscii(trimmed[(at + 1)..]);
        }
        catch (ArgumentException)
        {
            return false;
        }

        normalized = string.Concat(trimmed[..at], "@", domain).ToLowerInvariant();
        return normalized.Length <= MaxLength;
    }

    /// <summary>Masks an address for logs: <c>j***@example.com</c>.</summary>
    public static string Mask(string address)
    {
        var at = address.LastIndexOf('@');
        return at <= 0 ? "***" : string.Concat(address.AsSpan(0, 1), "***", address.AsSpan(at));
    }
}
