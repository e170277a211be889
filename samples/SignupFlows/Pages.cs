using System.Text.Encodings.Web;

namespace SignupFlows;

/// <summary>The two pages a link in an email opens in a browser: a form that asks for a password. Values are HTML-encoded.</summary>
internal static class Pages
{
    public static IResult SetPasswordForm(string title, string action, string button, string? email, string? token)
    {
        var html = $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>{Encode(title)}</title></head>
            <body style="font-family:Arial,Helvetica,sans-serif;max-width:420px;margin:40px auto">
            <h1>{Encode(title)}</h1>
            <form method="post" action="{Encode(action)}">
            <input type="hidden" name="email" value="{Encode(email)}">
            <input type="hidden" name="token" value="{Encode(token)}">
            <p>Account: <strong>{Encode(email)}</strong></p>
            <p><label>New password <input type="password" name="newPassword" required autocomplete="new-password"></label></p>
            <p><button type="submit">{Encode(button)}</button></p>
            </form>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static string Encode(string? value) => HtmlEncoder.Default.Encode(value ?? string.Empty);
}
