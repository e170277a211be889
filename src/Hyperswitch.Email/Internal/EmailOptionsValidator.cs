using Hyperswitch.Email.Dkim;
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

        if (options.MaxMessageSize is <= 0)
        {
            failures.Add($"Email:MaxMessageSize must be a positive number of bytes (it is {options.MaxMessageSize}); leave it out for no limit.");
        }

        if (options.Dkim is { } dkim)
        {
            ValidateDkim(dkim, options.SenderEmail, failures);
        }

        if (options.Redirect is { } redirect)
        {
            ValidateRedirect(redirect, failures);
        }

        if (options.RateLimit is { } rateLimit)
        {
            ValidateRateLimit(rateLimit, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateRateLimit(EmailRateLimitOptions rateLimit, List<string> failures)
    {
        if (rateLimit.PermitLimit <= 0)
        {
            failures.Add($"Email:RateLimit:PermitLimit must be a positive number of messages per Email:RateLimit:Period (it is {rateLimit.PermitLimit}); leave Email:RateLimit out for no limit.");
        }

        if (rateLimit.Period < TimeSpan.FromMilliseconds(1) || rateLimit.Period > TimeSpan.FromDays(1))
        {
            failures.Add($"Email:RateLimit:Period must be from 1 millisecond to 1 day (it is {rateLimit.Period}).");
        }

        if (rateLimit.MaxWait < TimeSpan.Zero || rateLimit.MaxWait > TimeSpan.FromHours(1))
        {
            failures.Add($"Email:RateLimit:MaxWait must be from zero to 1 hour (it is {rateLimit.MaxWait}).");
        }
    }

    private static void ValidateRedirect(EmailRedirectOptions redirect, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(redirect.To))
        {
            failures.Add("Email:Redirect:To must be the email address every email goes to; leave Email:Redirect out to send to the real recipients.");
        }
        else if (AddressParser.TryParse(redirect.To, out _) is { } problem)
        {
            failures.Add($"Email:Redirect:To {problem}.");
        }

        for (var i = 0; i < redirect.Allow.Length; i++)
        {
            var entry = redirect.Allow[i];
            var valid = entry is { Length: > 1 } && entry[0] == '@'
                ? AddressParser.TryParse("postmaster" + entry, out _) is null
                : AddressParser.TryParse(entry, out _) is null;
            if (!valid)
            {
                failures.Add($"Email:Redirect:Allow:{i} must be an email address (qa@shop.example) or a domain after '@' (@shop.example); it is '{entry}'.");
            }
        }

        if (redirect.SubjectPrefix is null || HeaderText.HasControlCharacter(redirect.SubjectPrefix))
        {
            failures.Add("Email:Redirect:SubjectPrefix must not contain CR, LF, NUL or other control characters.");
        }
    }

    private static void ValidateDkim(DkimOptions dkim, string senderEmail, List<string> failures)
    {
        var before = failures.Count;
        if (string.IsNullOrWhiteSpace(dkim.Domain))
        {
            failures.Add("Email:Dkim:Domain must not be empty when Email:Dkim is configured.");
        }
        else if (AddressParser.TryParse(senderEmail, out var sender) is null && !IsSameOrParentDomain(dkim.Domain.Trim(), sender!.Domain))
        {
            failures.Add(
                $"Email:Dkim:Domain '{dkim.Domain.Trim()}' is neither the domain of Email:SenderEmail ('{sender.Domain}') nor a parent of it: "
                + "DMARC would not align, so receivers could still reject the mail. Sign with the sender's domain.");
        }

        if (string.IsNullOrWhiteSpace(dkim.Selector) || !dkim.Selector.Trim().All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
        {
            failures.Add("Email:Dkim:Selector must be a DNS label such as mail2026 (letters, digits, '-', '.', '_').");
        }

        var hasKey = dkim.PrivateKey is not null;
        var hasPath = !string.IsNullOrWhiteSpace(dkim.PrivateKeyPath);
        if (hasKey == hasPath)
        {
            failures.Add("Email:Dkim needs exactly one of Email:Dkim:PrivateKey (PEM text) and Email:Dkim:PrivateKeyPath (a PEM file).");
        }
        else if (failures.Count == before && DkimMessageSigner.TryCreate(dkim).Problem is { } problem)
        {
            failures.Add(problem);
        }
    }

    private static bool IsSameOrParentDomain(string signingDomain, string senderDomain) =>
        string.Equals(signingDomain, senderDomain, StringComparison.OrdinalIgnoreCase)
        || senderDomain.EndsWith("." + signingDomain, StringComparison.OrdinalIgnoreCase);
}
