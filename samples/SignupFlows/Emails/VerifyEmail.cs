using Hyperswitch.Email;

namespace SignupFlows.Emails;

/// <summary>Confirms a new account's address: its link leads to <c>GET /confirm-email</c>.</summary>
internal sealed record VerifyEmail(string Email, string UserId, string Token) : IEmailData
{
    public ValueTask<EmailContents> GetEmailContentsAsync(Uri baseUrl, CancellationToken cancellationToken = default)
    {
        var link = new Uri(baseUrl, $"confirm-email?userId={Uri.EscapeDataString(UserId)}&token={Uri.EscapeDataString(Token)}");
        var html = EmailTemplate.Render("verify-email.html", new Dictionary<string, string>
        {
            ["email"] = Email,
            ["link"] = link.AbsoluteUri,
        });
        return ValueTask.FromResult(new EmailContents(Email, "Verify your email", html));
    }
}
