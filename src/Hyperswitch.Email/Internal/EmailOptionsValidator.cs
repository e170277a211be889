using Hyperswitch.Email.Smtp;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Internal;

/// <summary>Validates <see cref="EmailOptions"/> at startup; every failure names its configuration key, and all are reported together.</summary>
internal sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(options.SenderEmail))
        {
            failures.Add("Email:SenderEmail must not be empty.");
        }
        else if (AddressParser.TryParse(options.SenderEmail, out _) is { } problem)
        {
            failures.Add($"Email:SenderEmail {problem}.");
        }

        if (options.SenderName is { } senderName && HeaderText.HasControlCharacter(senderName))
        {
            failures.Add("Email:SenderName must not contain CR, LF, NUL or other control characters.");
        }

        var smtp = options.Smtp;
        if (smtp is null)
        {
            failures.Add("Email:Smtp must not be null.");
            return ValidateOptionsResult.Fail(failures);
        }

        ValidateSmtp(smtp, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateSmtp(SmtpOptions smtp, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            failures.Add("Email:Smtp:Host must not be empty.");
        }
        else if (smtp.Host.Any(char.IsWhiteSpace) || HeaderText.HasControlCharacter(smtp.Host))
        {
            failures.Add("Email:Smtp:Host must be a host name or IP address, without spaces or control characters.");
        }

        if (smtp.Port is < 1 or > 65535)
        {
            failures.Add($"Email:Smtp:Port must be between 1 and 65535 (it is {smtp.Port}).");
        }

        if (smtp.Timeout is < 1 or > SmtpOptions.MaxTimeoutSeconds)
        {
            failures.Add($"Email:Smtp:Timeout must be between 1 and {SmtpOptions.MaxTimeoutSeconds} seconds (it is {smtp.Timeout}).");
        }

        if (!Enum.IsDefined(smtp.Connection))
        {
            failures.Add("Email:Smtp:Connection must be \"starttls\" or \"plaintext\".");
        }

        var hasUsername = !string.IsNullOrEmpty(smtp.Username?.Expose());
        var hasPassword = !string.IsNullOrEmpty(smtp.Password?.Expose());
        if (hasUsername && !hasPassword)
        {
            failures.Add("Email:Smtp:Password must not be empty when Email:Smtp:Username is set: give both or neither.");
        }
        else if (hasPassword && !hasUsername)
        {
            failures.Add("Email:Smtp:Username must not be empty when Email:Smtp:Password is set: give both or neither.");
        }
    }
}
