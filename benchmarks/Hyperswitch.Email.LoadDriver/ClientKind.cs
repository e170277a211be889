namespace Hyperswitch.Email.LoadDriver;

/// <summary>The ways of sending that are measured side by side, with the names used on the command line and in the CSV.</summary>
internal static class ClientKind
{
    /// <summary>The library's public API, a fresh connection per send (the default).</summary>
    public const string Library = "library";

    /// <summary>The library with <c>Email:Smtp:Pooling:Enabled=true</c>, configured through keys only.</summary>
    public const string LibraryPooled = "library-pooled";

    /// <summary>Raw MailKit, a new <c>SmtpClient</c> per message, <c>ConnectAsync(host, port)</c> with its defaults.</summary>
    public const string MailKitDefaults = "mailkit-defaults";

    /// <summary>Raw MailKit, a new <c>SmtpClient</c> per message on a socket with <c>NoDelay = true</c>.</summary>
    public const string MailKitNoDelay = "mailkit-nodelay";

    /// <summary>Raw MailKit, one connection per worker reused for every message, on a <c>NoDelay</c> socket.</summary>
    public const string MailKitReused = "mailkit-reused-nodelay";

    public static IReadOnlyList<string> All { get; } = [Library, LibraryPooled, MailKitDefaults, MailKitNoDelay, MailKitReused];
}
