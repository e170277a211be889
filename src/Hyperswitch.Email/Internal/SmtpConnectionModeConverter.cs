using System.ComponentModel;
using System.Globalization;
using Hyperswitch.Email.Smtp;

namespace Hyperswitch.Email.Internal;

/// <summary>
/// Binds the configuration spellings of <see cref="SmtpConnectionMode"/>: Hyperswitch documents <c>"starttls"</c> and
/// <c>"plaintext"</c>, its code spells <c>"start_tls"</c>, providers say <c>"tls"</c> for port 465, and .NET users
/// write the member names.
/// </summary>
internal sealed class SmtpConnectionModeConverter : EnumConverter
{
    public SmtpConnectionModeConverter()
        : base(typeof(SmtpConnectionMode))
    {
    }

    public override object ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
    {
        if (value is not string text)
        {
            return base.ConvertFrom(context, culture, value)!;
        }

        return Parse(text) ?? throw new FormatException(NotAConnectionMode(text));
    }

    internal static string NotAConnectionMode(string text) =>
        $"'{text}' is not a connection mode: use \"starttls\" (the default), \"tls\" or \"plaintext\".";

    internal static SmtpConnectionMode? Parse(string text) =>
        text.Trim().Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant() switch
        {
            "STARTTLS" => SmtpConnectionMode.StartTls,
            "PLAINTEXT" => SmtpConnectionMode.Plaintext,
            "TLS" or "IMPLICITTLS" => SmtpConnectionMode.Tls,
            _ => null,
        };
}
