using Hyperswitch.Email.Providers;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Internal;

/// <summary>Validates <see cref="PickupDirectoryOptions"/> (<c>Email:PickupDirectory</c>) at startup when the pickup directory is the provider that sends.</summary>
internal sealed class PickupDirectoryOptionsValidator(EmailProviderSelection selection) : IValidateOptions<PickupDirectoryOptions>
{
    public ValidateOptionsResult Validate(string? name, PickupDirectoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!selection.IsActive(EmailProviderNames.PickupDirectory))
        {
            return ValidateOptionsResult.Skip;
        }

        return string.IsNullOrWhiteSpace(options.Path)
            ? ValidateOptionsResult.Fail("Email:PickupDirectory:Path must not be empty when Email:ActiveEmailClient is \"PickupDirectory\".")
            : ValidateOptionsResult.Success;
    }
}
