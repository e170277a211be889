using System.Text.Encodings.Web;
using System.Text.RegularExpressions;

namespace Hyperswitch.Email.MicroBenchmarks;

/// <summary>
/// The sample's templating before the Razor templates, kept here only to measure against: <c>{{name}}</c> placeholders
/// filled by a regex (each value HTML-encoded) into a string layout; no CSS inlining, no localization.
/// </summary>
internal static partial class OldStringTemplate
{
    public const string Layout = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Shop</title>
        <style>
          body { margin: 0; background: #f4f5f7; font-family: Arial, Helvetica, sans-serif; color: #1f2933; }
          .card { max-width: 520px; margin: 32px auto; background: #ffffff; border-radius: 8px; padding: 32px; }
          .button { display: inline-block; padding: 12px 22px; background: #0069ed; color: #ffffff; text-decoration: none; border-radius: 4px; font-weight: bold; }
          .muted { color: #7b8794; font-size: 13px; }
        </style>
        </head>
        <body>
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td>
        <div class="card">
        <!-- content -->
        <p class="muted">Shop &middot; This email was sent by the SignupFlows sample of Hyperswitch.Email.</p>
        </div>
        </td></tr></table>
        </body>
        </html>

        """;

    public const string Verify = """
        <h1>Verify your email</h1>
        <p>Welcome to Shop! Please confirm that {{email}} is your email address.</p>
        <p><a class="button" href="{{link}}">Verify your email</a></p>
        <p class="muted">If you did not sign up, ignore this email: no account is activated without it.</p>

        """;

    public static string Render(string template, IReadOnlyDictionary<string, string> values)
    {
        var content = Placeholder().Replace(template, match =>
        {
            var key = match.Groups[1].Value;
            return values.TryGetValue(key, out var value)
                ? HtmlEncoder.Default.Encode(value)
                : throw new InvalidOperationException($"The template needs a value for {key}.");
        });
        return Layout.Replace("<!-- content -->\n", content, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\{\{([a-z]+)\}\}")]
    private static partial Regex Placeholder();
}
