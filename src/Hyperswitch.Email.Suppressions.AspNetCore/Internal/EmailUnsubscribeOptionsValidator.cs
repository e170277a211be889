using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Suppressions.AspNetCore.Internal;

/// <summary>Checks <c>EmailUnsubscribe</c> at startup, naming the key.</summary>
internal sealed class EmailUnsubscribeOptionsValidator : IValidateOptions<EmailUnsubscribeOptions>
{
    private const string Section = EmailUnsubscribeOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, EmailUnsubscribeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.BaseUrl is not { IsAbsoluteUri: true } url)
        {
            errors.Add($"{Section}:BaseUrl must be the application's absolute public URL, for example https://shop.example/.");
        }
        else if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
        {
            errors.Add($"{Section}:BaseUrl must be an https URL (RFC 8058); http is accepted on a loopback host only.");
        }

        if (string.IsNullOrWhiteSpace(options.Path) || !options.Path.StartsWith('/'))
        {
            errors.Add($"{Section}:Path must start with '/', for example /email/unsubscribe.");
        }

        if (options.MailtoAddress is { } mailto && (mailto.Length == 0 || !mailto.Contains('@', StringComparison.Ordinal) || mailto.Any(c => char.IsWhiteSpace(c) || c is '<' or '>' or '?' or ',')))
        {
            errors.Add($"{Section}:MailtoAddress must be a plain email address such as unsubscribe@shop.example.");
        }

        if (options.TokenLifetime < TimeSpan.FromDays(1) || options.TokenLifetime > TimeSpan.FromDays(730))
        {
            errors.Add($"{Section}:TokenLifetime must be from 1.00:00:00 (a day) to 730.00:00:00 (two years).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
