using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Templates.Internal;

/// <summary>Checks a theme: colours go into CSS, where HTML encoding protects nothing, so only hex colours pass.</summary>
internal sealed partial class EmailThemeValidator : IValidateOptions<EmailTheme>
{
    public const string SectionName = "EmailTheme";

    public ValidateOptionsResult Validate(string? name, EmailTheme options)
    {
        var problems = Problems(options, SectionName + ":");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public static List<string> Problems(EmailTheme theme, string prefix)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(theme.BrandName))
        {
            problems.Add($"{prefix}BrandName must not be empty.");
        }

        Color(theme.PrimaryColor, nameof(EmailTheme.PrimaryColor));
        Color(theme.PrimaryTextColor, nameof(EmailTheme.PrimaryTextColor));
        Color(theme.BackgroundColor, nameof(EmailTheme.BackgroundColor));
        Color(theme.TextColor, nameof(EmailTheme.TextColor));
        if (theme.LogoUrl is { IsAbsoluteUri: true } logo && logo.Scheme != Uri.UriSchemeHttps && logo.Scheme != Uri.UriSchemeHttp)
        {
            problems.Add($"{prefix}LogoUrl must be an http or https URL, or relative to the base URL (it is '{logo}').");
        }

        return problems;

        void Color(string? value, string key)
        {
            if (value is null || !HexColor().IsMatch(value))
            {
                problems.Add($"{prefix}{key} must be a hex colour such as #0069ed (it is '{value}').");
            }
        }
    }

    [GeneratedRegex("^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
    private static partial Regex HexColor();
}
