using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.AmazonSes.Internal;

/// <summary>Checks <c>Email:AwsRegion</c> when SES is the active client: requests are signed for it and the default endpoint names it.</summary>
internal sealed class AmazonSesRegionValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ActiveEmailClient != EmailClientKind.Ses)
        {
            return ValidateOptionsResult.Skip;
        }

        return AmazonSesOptionsValidator.CheckRegion(options.AwsRegion) is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;
    }
}
