using Hyperswitch.Email.Smtp;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Suppressions.Bounces;

/// <summary>Checks <c>EmailBounces</c> at startup, naming the key.</summary>
internal sealed class EmailBounceMailboxOptionsValidator : IValidateOptions<EmailBounceMailboxOptions>
{
    private const string Section = EmailBounceMailboxOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, EmailBounceMailboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            errors.Add($"{Section}:Host must not be empty.");
        }

        if (options.Port is < 1 or > 65535)
        {
            errors.Add($"{Section}:Port must be from 1 to 65535.");
        }

        if (options.Username is null || options.Password is null)
        {
            errors.Add($"{Section}:Username and {Section}:Password must be set.");
        }
        else if (options.Connection == SmtpConnectionMode.Plaintext && !options.AllowPlaintextAuthentication)
        {
            errors.Add($"{Section}:Connection is Plaintext, which would send the password in clear text: use Tls or StartTls, or set {Section}:AllowPlaintextAuthentication for a development server.");
        }

        if (string.IsNullOrWhiteSpace(options.Folder))
        {
            errors.Add($"{Section}:Folder must not be empty.");
        }

        if (options.PollInterval < TimeSpan.FromSeconds(5) || options.PollInterval > TimeSpan.FromDays(1))
        {
            errors.Add($"{Section}:PollInterval must be from 00:00:05 to 1.00:00:00.");
        }

        if (options.Timeout < TimeSpan.FromSeconds(1) || options.Timeout > TimeSpan.FromHours(1))
        {
            errors.Add($"{Section}:Timeout must be from 00:00:01 to 01:00:00.");
        }

        if (options.BatchSize is < 1 or > 10000)
        {
            errors.Add($"{Section}:BatchSize must be from 1 to 10000.");
        }

        if (options.MaxMessageSize < 1024)
        {
            errors.Add($"{Section}:MaxMessageSize must be at least 1024 bytes.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
