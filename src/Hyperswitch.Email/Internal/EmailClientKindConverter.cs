using System.ComponentModel;
using System.Globalization;

namespace Hyperswitch.Email.Internal;

/// <summary>Binds Hyperswitch's <c>active_email_client</c> spellings (<c>NO_EMAIL_CLIENT</c>, <c>SES</c>, <c>SMTP</c>) and the member names.</summary>
internal sealed class EmailClientKindConverter : EnumConverter
{
    public EmailClientKindConverter()
        : base(typeof(EmailClientKind))
    {
    }

    public override object ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
    {
        if (value is not string text)
        {
            return base.ConvertFrom(context, culture, value)!;
        }

        return TryParse(text, out var kind)
            ? kind
            : throw new FormatException($"'{text}' is not an email client: use \"SMTP\", \"SES\", \"NO_EMAIL_CLIENT\" or \"PickupDirectory\".");
    }

    /// <summary>Reads one of the accepted spellings, case-insensitively, underscores ignored.</summary>
    public static bool TryParse(string text, out EmailClientKind kind)
    {
        ArgumentNullException.ThrowIfNull(text);
        EmailClientKind? parsed = text.Trim().Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant() switch
        {
            "NOEMAILCLIENT" => EmailClientKind.NoEmailClient,
            "SMTP" => EmailClientKind.Smtp,
            "SES" => EmailClientKind.Ses,
            "PICKUPDIRECTORY" => EmailClientKind.PickupDirectory,
            _ => null,
        };
        kind = parsed.GetValueOrDefault();
        return parsed.HasValue;
    }
}
