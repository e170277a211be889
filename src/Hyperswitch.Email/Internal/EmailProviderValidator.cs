using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Internal;

/// <summary>Fails at startup when <c>Email:ActiveEmailClient</c> names no registered provider, naming the key and the registered names.</summary>
internal sealed class EmailProviderValidator(EmailProviderSelection selection) : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return selection.Choose(options, out var problem) is null
            ? ValidateOptionsResult.Fail(problem!)
            : ValidateOptionsResult.Success;
    }
}
