using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.AmazonSes.Internal;

/// <summary>
/// Validates <see cref="AmazonSesOptions"/> and <c>Email:AwsRegion</c> when SES is the provider that sends (as the core
/// validates only the chosen provider's options); every message names the configuration key, and Hyperswitch's.
/// </summary>
internal sealed partial class AmazonSesOptionsValidator(IServiceProvider services, IOptionsMonitor<EmailOptions> email) : IValidateOptions<AmazonSesOptions>
{
    public const string RegionMissing =
        "Email:AwsRegion (Hyperswitch's email.aws_region) must be set to the AWS region of Amazon SES, such as us-east-1, when Email:ActiveEmailClient is SES.";

    public ValidateOptionsResult Validate(string? name, AmazonSesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!SesSends())
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>();
        if (CheckRegion(email.CurrentValue.AwsRegion) is { } region)
        {
            errors.Add(region);
        }

        var role = options.EmailRoleArn?.Trim();
        if (!string.IsNullOrEmpty(role) && !RoleArn().IsMatch(role))
        {
            errors.Add($"Email:AwsSes:EmailRoleArn (Hyperswitch's email.aws_ses.email_role_arn) '{role}' is not an IAM role ARN such as arn:aws:iam::123456789012:role/ses-sender.");
        }

        var session = options.StsRoleSessionName?.Trim();
        if (!string.IsNullOrEmpty(role) && string.IsNullOrEmpty(session))
        {
            errors.Add("Email:AwsSes:StsRoleSessionName (Hyperswitch's email.aws_ses.sts_role_session_name) must be set when Email:AwsSes:EmailRoleArn is: STS names the assumed role's session with it.");
        }
        else if (!string.IsNullOrEmpty(session) && !SessionName().IsMatch(session))
        {
            errors.Add($"Email:AwsSes:StsRoleSessionName (Hyperswitch's email.aws_ses.sts_role_session_name) '{session}' must be 2 to 64 letters, digits or +=,.@_- characters.");
        }

        CheckUrl(options.ServiceUrl, "Email:AwsSes:ServiceUrl", errors);
        CheckUrl(options.StsServiceUrl, "Email:AwsSes:StsServiceUrl", errors);
        if (options.Timeout is < 1 or > AmazonSesOptions.MaxTimeoutSeconds)
        {
            errors.Add($"Email:AwsSes:Timeout must be from 1 to {AmazonSesOptions.MaxTimeoutSeconds} seconds; it is {options.Timeout}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>
    /// Whether SES is the provider that sends: the one <see cref="PreparedEmailSender"/> sends through (chosen by
    /// <c>Email:ActiveEmailClient</c>, or the only one registered, or a test double chosen in code). When the choice
    /// itself fails, the core reports that.
    /// </summary>
    private bool SesSends()
    {
        try
        {
            return services.GetService<PreparedEmailSender>() is { } sender && EmailProviderNames.AreSame(sender.ProviderName, EmailProviderNames.Ses);
        }
        catch (Exception exception) when (exception is OptionsValidationException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The region, checked when SES is the active client: SigV4 signs for it and the default endpoint names it.</summary>
    public static string? CheckRegion(string? region) =>
        string.IsNullOrWhiteSpace(region) ? RegionMissing
        : Region().IsMatch(region.Trim()) ? null
        : $"Email:AwsRegion (Hyperswitch's email.aws_region) '{region}' is not an AWS region such as us-east-1 or eu-west-2.";

    private static void CheckUrl(Uri? url, string key, List<string> errors)
    {
        if (url is null)
        {
            return;
        }

        if (!url.IsAbsoluteUri || url.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment) || !string.IsNullOrEmpty(url.UserInfo))
        {
            errors.Add($"{key} must be an absolute http:// or https:// URL without query, fragment or user name, such as https://email.us-east-1.amazonaws.com/.");
        }
    }

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::\d{12}:role/[A-Za-z0-9_+=,.@/-]{1,512}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RoleArn();

    [GeneratedRegex(@"^[A-Za-z0-9_+=,.@-]{2,64}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SessionName();

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-\d{1,2}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Region();
}
