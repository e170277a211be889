namespace Hyperswitch.Email.Internal;

/// <summary>Masks addresses for logs: <c>jane@example.com</c> becomes <c>j***@example.com</c>.</summary>
internal static class RecipientMask
{
    private const int MaxListed = 3;

    public static string Mask(string address)
    {
        var at = address.LastIndexOf('@');
        return at <= 0 ? "***" : string.Concat(address.AsSpan(0, 1), "***", address.AsSpan(at));
    }

    /// <summary>Masks up to three addresses and counts the rest, so that a log line stays short.</summary>
    public static string Mask(IReadOnlyList<string> addresses)
    {
        var listed = string.Join(", ", addresses.Take(MaxListed).Select(Mask));
        return addresses.Count > MaxListed ? $"{listed} (+{addresses.Count - MaxListed} more)" : listed;
    }
}
