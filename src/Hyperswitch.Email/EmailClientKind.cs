using System.ComponentModel;
using Hyperswitch.Email.Internal;

namespace Hyperswitch.Email;

/// <summary>
/// Which <see cref="IEmailClient"/> <c>services.AddEmail(configuration)</c> registers (<c>Email:ActiveEmailClient</c>).
/// Configuration accepts Hyperswitch's <c>NO_EMAIL_CLIENT</c>, <c>SES</c> and <c>SMTP</c>, and the member names, case-insensitively.
/// </summary>
[TypeConverter(typeof(EmailClientKindConverter))]
public enum EmailClientKind
{
    /// <summary>Accepts and discards every message, logging that it did (development). Hyperswitch's default.</summary>
    NoEmailClient = 0,

    /// <summary>Sends through the SMTP server of <c>Email:Smtp</c>.</summary>
    Smtp = 1,

    /// <summary>
    /// Amazon SES, through its SMTP interface: the same client as <see cref="Smtp"/>, with <c>Email:Smtp:Host</c> set to
    /// <c>email-smtp.&lt;region&gt;.amazonaws.com</c> and SES SMTP credentials (see docs/providers.md).
    /// </summary>
    Ses = 2,

    /// <summary>Writes each message as an <c>.eml</c> file into <c>Email:PickupDirectory:Path</c> (development).</summary>
    PickupDirectory = 3,
}
