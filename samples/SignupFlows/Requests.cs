using System.Text.Json;

namespace SignupFlows;

/// <summary>The body of <c>POST /register</c> and <c>POST /login</c>.</summary>
internal sealed record Credentials(string? Email, string? Password);

/// <summary>The body of the endpoints that only need an address: forgot password, magic link, invite, resend.</summary>
internal sealed record EmailRequest(string? Email);

/// <summary>A reply that tells the user what happened and what to do next.</summary>
internal sealed record Reply(string Message);

/// <summary>
/// The body of <c>POST /reset-password</c> and <c>POST /accept-invite</c>: JSON from curl, or the form of the page the
/// email's link opens.
/// </summary>
internal sealed record SetPasswordRequest(string? Email, string? Token, string? NewPassword)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async ValueTask<SetPasswordRequest?> BindAsync(HttpContext context)
    {
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            return new SetPasswordRequest(form["email"], form["token"], form["newPassword"]);
        }

        try
        {
            return await context.Request.ReadFromJsonAsync<SetPasswordRequest>(Json, context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The body of <c>POST /newsletter</c>: the issue's name, for example <c>December 2026</c>.</summary>
internal sealed record NewsletterRequest(string? Issue);

/// <summary>What <c>POST /newsletter</c> did: how many emails were queued, and how many were not because the address is suppressed.</summary>
internal sealed record NewsletterReply(string Message, int Queued, int Suppressed);
