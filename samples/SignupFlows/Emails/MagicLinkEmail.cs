using System.Globalization;
using Hyperswitch.Email;

namespace SignupFlows.Emails;

/// <summary>Signs a user in without a password, once: its link leads to <c>GET /magic-login</c>.</summary>
internal sealed record MagicLinkEmail(string Email, string UserId, string Token, TimeSpan Lifetime) : IEmailData
{
    public ValueTask<EmailContents> GetEmailContentsAsync(Uri baseUrl, CancellationToken cancellationToken = default)
    {
        var link = new Uri(baseUrl, $"magic-login?userId={Uri.EscapeDataString(UserId)}&token={Uri.EscapeDataString(Token)}");
        var html = EmailTemplate.Render("magic-link.html", new Dictionary<string, string>
        {
            ["email"] = Email,
            ["minutes"] = Lifetime.TotalMinutes.ToString("0", CultureInfo.InvariantCulture),
            ["link"] = link.AbsoluteUri,
        });
        return ValueTask.FromResult(new EmailContents(Email, "Your sign-in link", html));
    }
}
