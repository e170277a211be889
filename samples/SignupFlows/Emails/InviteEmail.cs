using Hyperswitch.Email;

namespace SignupFlows.Emails;

/// <summary>Invites someone to create an account: its link leads to the form at <c>GET /accept-invite</c>.</summary>
internal sealed record InviteEmail(string Email, string Inviter, string Token) : IEmailData
{
    public ValueTask<EmailContents> GetEmailContentsAsync(Uri baseUrl, CancellationToken cancellationToken = default)
    {
        var link = new Uri(baseUrl, $"accept-invite?email={Uri.EscapeDataString(Email)}&token={Uri.EscapeDataString(Token)}");
        var html = EmailTemplate.Render("invite.html", new Dictionary<string, string>
        {
            ["inviter"] = Inviter,
            ["email"] = Email,
            ["link"] = link.AbsoluteUri,
        });
        return ValueTask.FromResult(new EmailContents(Email, "You are invited to Shop", html));
    }
}
