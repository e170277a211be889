using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Suppressions.Internal;

/// <summary>Checks <c>EmailSuppressions</c> at startup, naming the key.</summary>
internal sealed partial class EmailSuppressionOptionsValidator : IValidateOptions<EmailSuppressionOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailSuppressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        foreach (var code in options.HardBounceCodes ?? [])
        {
            if (code is null || !PermanentCode().IsMatch(code))
            {
                errors.Add($"{EmailSuppressionOptions.SectionName}:HardBounceCodes must list enhanced status codes of class 5 such as 5.1.1; '{code}' is not one.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex(@"^5\.[0-9]{1,3}\.[0-9]{1,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex PermanentCode();
}
