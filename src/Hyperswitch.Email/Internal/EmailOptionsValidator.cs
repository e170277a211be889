using Hyperswitch.Email.Dkim;
using Hyperswitch.Email.Smtp;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Internal;

/// <summary>Validates <see cref="EmailOptions"/> at startup; every failure names its configuration key, and all are reported together.</summary>
internal sealed class EmailOptionsValidator(IServiceProvider? services = null) : IValidateOptions<EmailOptions>
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

        // AddSmtpEmail leaves ActiveEmailClient unset and always sends through SMTP; AddEmail sets it.
        var active = options.ActiveEmailClient ?? EmailClientKind.Smtp;
        if (!Enum.IsDefined(active))
        {
            failures.Add("Email:ActiveEmailClient must be \"SMTP\", \"SES\", \"NO_EMAIL_CLIENT\" or \"PickupDirectory\".");
        }

        if (active == EmailClientKind.PickupDirectory && string.IsNullOrWhiteSpace(options.PickupDirectory?.Path))
        {
            failures.Add("Email:PickupDirectory:Path must not be empty when Email:ActiveEmailClient is \"PickupDirectory\".");
        }

        if (active is not (EmailClientKind.Smtp or EmailClientKind.Ses))
        {
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        var smtp = options.Smtp;
        if (smtp is null)
        {
            failures.Add("Email:Smtp must not be null.");
            return ValidateOptionsResult.Fail(failures);
        }

        if (active == EmailClientKind.Ses && string.IsNullOrWhiteSpace(smtp.Host))
        {
            failures.Add(
                "Email:ActiveEmailClient is \"SES\": SES is reached through its SMTP interface. Set Email:Smtp:Host to email-smtp.<region>.amazonaws.com "
                + "and Email:Smtp:Username and Email:Smtp:Password to SES SMTP credentials (see docs/providers.md).");
            return ValidateOptionsResult.Fail(failures);
        }

        ValidateSmtp(smtp, failures);
        if (UsesOAuth2(smtp) && services?.GetService(typeof(ISmtpAccessTokenSource)) is null)
        {
            failures.Add("Email:Smtp:Authentication is \"OAuth2\" but no ISmtpAccessTokenSource is registered: call services.AddSmtpAccessTokenSource<T>().");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
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

    private static bool UsesOAuth2(SmtpOptions smtp) =>
        smtp.Authentication == SmtpAuthentication.OAuth2 || smtp.Failover?.Authentication == SmtpAuthentication.OAuth2;

    private static void ValidateSmtp(SmtpOptions smtp, List<string> failures, string prefix = "Email:Smtp", bool isFailover = false)
    {
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            failures.Add($"{prefix}:Host must not be empty.");
        }
        else if (smtp.Host.Any(char.IsWhiteSpace) || HeaderText.HasControlCharacter(smtp.Host))
        {
            failures.Add($"{prefix}:Host must be a host name or IP address, without spaces or control characters.");
        }

        if (smtp.Port is < 1 or > 65535)
        {
            failures.Add($"{prefix}:Port must be between 1 and 65535 (it is {smtp.Port}).");
        }

        if (smtp.Timeout is < 1 or > SmtpOptions.MaxTimeoutSeconds)
        {
            failures.Add($"{prefix}:Timeout must be between 1 and {SmtpOptions.MaxTimeoutSeconds} seconds (it is {smtp.Timeout}).");
        }

        if (!Enum.IsDefined(smtp.Connection))
        {
            failures.Add($"{prefix}:Connection must be \"starttls\", \"tls\" or \"plaintext\".");
        }

        var hasUsername = !string.IsNullOrEmpty(smtp.Username?.Expose());
        var hasPassword = !string.IsNullOrEmpty(smtp.Password?.Expose());
        if (!Enum.IsDefined(smtp.Authentication))
        {
            failures.Add($"{prefix}:Authentication must be \"None\", \"Password\" or \"OAuth2\".");
        }
        else if (smtp.Authentication == SmtpAuthentication.OAuth2)
        {
            ValidateOAuth2(smtp, failures, prefix, hasUsername, hasPassword);
        }
        else if (smtp.Authentication == SmtpAuthentication.None && (hasUsername || hasPassword))
        {
            failures.Add($"{prefix}:Authentication is \"None\" but {prefix}:Username or {prefix}:Password is set: remove them or choose \"Password\".");
        }
        else if (smtp.Authentication == SmtpAuthentication.Password && !hasUsername && !hasPassword)
        {
            failures.Add($"{prefix}:Authentication is \"Password\": set {prefix}:Username and {prefix}:Password.");
        }

        if (smtp.Authentication == SmtpAuthentication.OAuth2)
        {
            // The pair rules below are for passwords.
        }
        else if (hasUsername && !hasPassword)
        {
            failures.Add($"{prefix}:Password must not be empty when {prefix}:Username is set: give both or neither.");
        }
        else if (hasPassword && !hasUsername)
        {
            failures.Add($"{prefix}:Username must not be empty when {prefix}:Password is set: give both or neither.");
        }
        else if (hasUsername && smtp.Connection == SmtpConnectionMode.Plaintext && !smtp.AllowPlaintextAuthentication)
        {
            failures.Add(
                $"{prefix}:Username and {prefix}:Password are set but {prefix}:Connection is \"plaintext\": the password would cross the network in clear text. "
                + $"Use \"starttls\" or \"tls\", or set {prefix}:AllowPlaintextAuthentication to true for a development relay.");
        }

        if (smtp.TrustedCertificateThumbprint is { } thumbprint && CertificateThumbprint.Normalize(thumbprint) is null)
        {
            failures.Add($"{prefix}:TrustedCertificateThumbprint must be a SHA-256 thumbprint: 64 hexadecimal characters (colons and spaces are ignored).");
        }

        ValidateRetry(smtp.Retry, failures, prefix, isFailover);
        ValidatePooling(smtp.Pooling, failures, prefix, isFailover);
        if (smtp.Failover is { } failover)
        {
            if (isFailover)
            {
                failures.Add($"{prefix}:Failover is not supported: give one secondary server in Email:Smtp:Failover.");
            }
            else
            {
                ValidateSmtp(failover, failures, $"{prefix}:Failover", isFailover: true);
            }
        }
    }

    private static void ValidateOAuth2(SmtpOptions smtp, List<string> failures, string prefix, bool hasUsername, bool hasPassword)
    {
        if (!hasUsername)
        {
            failures.Add($"{prefix}:Username must be the mailbox to send as when {prefix}:Authentication is \"OAuth2\".");
        }

        if (hasPassword)
        {
            failures.Add($"{prefix}:Password is not used with {prefix}:Authentication \"OAuth2\": remove it (the token comes from ISmtpAccessTokenSource).");
        }

        if (smtp.Connection == SmtpConnectionMode.Plaintext && !smtp.AllowPlaintextAuthentication)
        {
            failures.Add($"{prefix}:Authentication is \"OAuth2\" but {prefix}:Connection is \"plaintext\": the token would cross the network in clear text. Use \"starttls\" or \"tls\".");
        }
    }

    private static void ValidatePooling(SmtpPoolingOptions? pooling, List<string> failures, string prefix, bool isFailover)
    {
        if (pooling is null)
        {
            return;
        }

        if (isFailover && pooling.Enabled)
        {
            failures.Add($"{prefix}:Pooling is not used: the failover server gets a fresh connection per send.");
            return;
        }

        if (pooling.MaxConnections is < 1 or > 100)
        {
            failures.Add($"{prefix}:Pooling:MaxConnections must be between 1 and 100 (it is {pooling.MaxConnections}).");
        }

        if (pooling.MaxMessagesPerConnection is < 1 or > 10_000)
        {
            failures.Add($"{prefix}:Pooling:MaxMessagesPerConnection must be between 1 and 10000 (it is {pooling.MaxMessagesPerConnection}).");
        }

        if (pooling.IdleTimeout < TimeSpan.FromMilliseconds(100) || pooling.IdleTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{prefix}:Pooling:IdleTimeout must be between 00:00:00.1 and 00:10:00 (it is {pooling.IdleTimeout}).");
        }
    }

    private static void ValidateRetry(SmtpRetryOptions? retry, List<string> failures, string prefix, bool isFailover)
    {
        if (retry is null)
        {
            return;
        }

        if (isFailover && retry.MaxRetries != 0)
        {
            failures.Add($"{prefix}:Retry is not used: set the retries in Email:Smtp:Retry; they cover the failover too.");
            return;
        }

        if (retry.MaxRetries is < 0 or > SmtpRetryOptions.MaxRetriesLimit)
        {
            failures.Add($"{prefix}:Retry:MaxRetries must be between 0 and {SmtpRetryOptions.MaxRetriesLimit} (it is {retry.MaxRetries}).");
        }

        if (retry.BaseDelay <= TimeSpan.Zero || retry.BaseDelay > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{prefix}:Retry:BaseDelay must be greater than zero and at most 00:05:00 (it is {retry.BaseDelay}).");
        }

        if (retry.MaxDelay < retry.BaseDelay || retry.MaxDelay > TimeSpan.FromHours(1))
        {
            failures.Add($"{prefix}:Retry:MaxDelay must be at least Retry:BaseDelay and at most 01:00:00 (it is {retry.MaxDelay}).");
        }
    }
}
