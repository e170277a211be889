namespace Hyperswitch.Email.AspNetCore.Identity.Internal;

/// <summary>The HTML of Identity's emails. Every argument must already be HTML-encoded.</summary>
internal static class IdentityEmailTemplates
{
    public const string ConfirmationSubject = "Confirm your email";

    public const string ResetLinkSubject = "Reset your password";

    public const string ResetCodeSubject = "Your password reset code";

    public static string Confirmation(string email, string link) => Layout(
        ConfirmationSubject,
        $"""
        <p>Please confirm that {email} is your email address.</p>
        {Button(link, "Confirm your email")}
        <p>If you did not create an account, you can ignore this email.</p>
        """);

    public static string ResetLink(string email, string link) => Layout(
        ResetLinkSubject,
        $"""
        <p>Someone asked to reset the password of the account {email}.</p>
        {Button(link, "Reset your password")}
        <p>If it was not you, you can ignore this email: your password stays the same.</p>
        """);

    public static string ResetCode(string email, string code) => Layout(
        ResetCodeSubject,
        $"""
        <p>Someone asked to reset the password of the account {email}. Your reset code is:</p>
        <p style="font-size:20px;font-family:monospace;letter-spacing:2px"><strong>{code}</strong></p>
        <p>If it was not you, you can ignore this email: your password stays the same.</p>
        """);

    private static string Button(string link, string label) =>
        $"""<p><a href="{link}" style="display:inline-block;padding:10px 18px;background:#0069ed;color:#ffffff;text-decoration:none;border-radius:4px">{label}</a></p>""";

    private static string Layout(string title, string content) =>
        $"""
        <!DOCTYPE html>
        <html>
        <head><meta charset="utf-8"><title>{title}</title></head>
        <body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;color:#222222">
        <h1 style="font-size:20px">{title}</h1>
        {content}
        </body>
        </html>
        """;
}
