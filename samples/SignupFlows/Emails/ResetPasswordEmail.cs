using Hyperswitch.Email;

namespace SignupFlows.Emails;

/// <summary>Lets a user choose a new password: its link leads to the form at <c>GET /reset-password</c>.</summary>
internal sealed record ResetPasswordEmail(string Email, string Token) : IEmailData
{
    public ValueTask<EmailContents> GetEmailContentsAsync(Uri baseUrl, CancellationToken cancellationToken = default)
    {
        var link = new Uri(baseUrl, $"reset-password?email={Uri.EscapeDataString(Email)}&token={Uri.EscapeDataString(Token)}");
        var html = EmailTemplate.Render("reset-password.html", new Dictionary<string, string>
        {
            ["email"] = Email,
            ["link"] = link.AbsoluteUri,
        });
        return ValueTask.FromResult(new EmailContents(Email, "Reset your password", html));
    }
}
