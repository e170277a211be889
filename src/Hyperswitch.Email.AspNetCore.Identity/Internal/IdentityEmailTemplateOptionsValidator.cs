using Hyperswitch.Email.Templates;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.AspNetCore.Identity.Internal;

/// <summary>Each template must render the model the sender gives it.</summary>
internal sealed class IdentityEmailTemplateOptionsValidator : IValidateOptions<IdentityEmailTemplateOptions>
{
    public ValidateOptionsResult Validate(string? name, IdentityEmailTemplateOptions options)
    {
        var problems = new List<string>();
        Check(options.ConfirmationLink, typeof(IdentityEmailLink), nameof(IdentityEmailTemplateOptions.ConfirmationLink));
        Check(options.PasswordResetLink, typeof(IdentityEmailLink), nameof(IdentityEmailTemplateOptions.PasswordResetLink));
        Check(options.PasswordResetCode, typeof(IdentityEmailCode), nameof(IdentityEmailTemplateOptions.PasswordResetCode));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);

        void Check(Type? template, Type model, string property)
        {
            var expected = typeof(EmailTemplate<>).MakeGenericType(model);
            if (template is null || template.IsAbstract || !expected.IsAssignableFrom(template))
            {
                problems.Add($"IdentityEmailTemplateOptions.{property} must be a template derived from EmailTemplate<{model.Name}> (it is {template?.FullName ?? "null"}).");
            }
        }
    }
}
