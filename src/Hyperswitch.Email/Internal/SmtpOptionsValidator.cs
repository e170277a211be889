using Hyperswitch.Email.Smtp;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Internal;

/// <summary>
/// Validates <see cref="SmtpOptions"/> (<c>Email:Smtp</c>) at startup when SMTP is the provider that sends; every failure
/// names its configuration key, and all are reported together.
/// </summary>
internal sealed class SmtpOptionsValidator(EmailProviderSelection? selection = null, IServiceProvider? services = null) : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (selection is not null && !selection.IsActive(EmailProviderNames.Smtp))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        ValidateSmtp(options, failures);
        if (UsesOAuth2(options) && services?.GetService(typeof(ISmtpAccessTokenSource)) is null)
        {
            failures.Add("Email:Smtp:Authentication is \"OAuth2\" but no ISmtpAccessTokenSource is registered: call services.AddSmtpAccessTokenSource<T>().");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

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
