using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Internal;

/// <summary>
/// Fails at startup when the configuration names a client other than SMTP while <c>AddSmtpEmail</c> registered the SMTP
/// client: without it, <c>NO_EMAIL_CLIENT</c> (Hyperswitch's default TOML) skipped every SMTP rule and still sent through SMTP.
/// </summary>
/// <remarks>It reads the configured value itself, so that a test double that sets the option in code is not refused.</remarks>
internal sealed class SmtpRegistrationValidator(IConfiguration section) : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var configured = section[nameof(EmailOptions.ActiveEmailClient)];
        if (string.IsNullOrWhiteSpace(configured)
            || !EmailClientKindConverter.TryParse(configured, out var kind)
            || kind is EmailClientKind.Smtp or EmailClientKind.Ses)
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(
            $"Email:ActiveEmailClient is \"{configured.Trim()}\", but AddSmtpEmail always sends through SMTP: remove Email:ActiveEmailClient, "
            + "or register the client with AddEmail, which lets Email:ActiveEmailClient choose it.");
    }
}
