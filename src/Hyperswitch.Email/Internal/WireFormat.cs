using MimeKit;

namespace Hyperswitch.Email.Internal;

/// <summary>The one way messages are written outside the SMTP client: RFC 5322 with CRLF line endings.</summary>
internal static class WireFormat
{
    /// <summary>MimeKit's defaults with CRLF line endings, as on the wire and in an <c>.eml</c> file.</summary>
    public static FormatOptions Crlf { get; } = Create();

    private static FormatOptions Create()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }
}
