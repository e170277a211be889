using System.Text.Encodings.Web;
using Hyperswitch.Email.Templates;

namespace SignupFlows;

/// <summary>
/// The app's own pages: the home page in a browser, and the two forms a link in an email opens. They take the look of
/// the emails (the same card, the EmailTheme's colours), so that following a link feels like one product. Values are
/// HTML-encoded; the theme's colours are validated hex colours.
/// </summary>
internal static class Pages
{
    public static IResult Home(EmailTheme theme, string usage) => Page(theme, theme.BrandName, $"""
        <h1>{Encode(theme.BrandName)}</h1>
        <pre>{Encode(usage)}</pre>
        """);

    public static IResult SetPasswordForm(EmailTheme theme, string title, string action, string button, string? email, string? token) => Page(theme, title, $"""
        <h1>{Encode(title)}</h1>
        <form method="post" action="{Encode(action)}">
        <input type="hidden" name="email" value="{Encode(email)}">
        <input type="hidden" name="token" value="{Encode(token)}">
        <p>Account: <strong>{Encode(email)}</strong></p>
        <p><label>New password <input type="password" name="newPassword" required autocomplete="new-password"></label></p>
        <p><button class="button" type="submit">{Encode(button)}</button></p>
        </form>
        """);

    private static IResult Page(EmailTheme theme, string title, string body)
    {
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{Encode(title)}}</title>
            <style>
            body { margin: 0; background: {{theme.BackgroundColor}}; font-family: Arial, Helvetica, sans-serif; color: {{theme.TextColor}}; }
            .card { max-width: 640px; margin: 32px auto; background: #ffffff; border-radius: 8px; padding: 32px; }
            .brand { margin: 0 0 24px 0; font-size: 20px; font-weight: bold; color: {{theme.PrimaryColor}}; }
            .button { display: inline-block; padding: 12px 22px; background: {{theme.PrimaryColor}}; color: {{theme.PrimaryTextColor}}; border: 0; border-radius: 4px; font-weight: bold; font-size: 15px; cursor: pointer; }
            pre { white-space: pre-wrap; font-size: 13px; }
            </style>
            </head>
            <body>
            <div class="card">
            <p class="brand">{{Encode(theme.BrandName)}}</p>
            {{body}}
            </div>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static string Encode(string? value) => HtmlEncoder.Default.Encode(value ?? string.Empty);
}
