using Hyperswitch.Email.AspNetCore.Identity;
using Hyperswitch.Email.AspNetCore.Identity.Templates;

namespace SignupFlows.Emails;

/// <summary>The sample data of the preview page (<c>GET /emails</c>): each email the app sends, Identity's included.</summary>
internal static class EmailPreviews
{
    public static IServiceCollection AddSignupFlowsEmailPreviews(this IServiceCollection services) => services
        .AddEmailPreview<VerifyEmail, VerifyEmailModel>("Verify your email", new("3f2a9c", "CfDJ8Verify+Token/Sample=="))
        .AddEmailPreview<ResetPasswordEmail, ResetPasswordModel>("Reset your password", new("CfDJ8Reset+Token/Sample=="))
        .AddEmailPreview<MagicLinkEmail, MagicLinkModel>("Sign-in link", new("3f2a9c", "q2Ww-magic-token", MagicLinks.Lifetime))
        .AddEmailPreview<InviteEmail, InviteModel>("Invitation", new("ada@shop.example", "CfDJ8Invite+Token/Sample==", new DateTimeOffset(2026, 12, 24, 18, 0, 0, TimeSpan.Zero)))
        .AddEmailPreview<NewsletterEmail, NewsletterModel>("Newsletter", new("December 2026", new Uri("http://127.0.0.1:5090/email/unsubscribe?token=sample")))
        .AddEmailPreview<ConfirmationLinkEmail, IdentityEmailLink>("Identity: confirm email", new("jane@example.com", "http://127.0.0.1:5090/identity/confirmEmail?userId=3f2a9c&code=sample"))
        .AddEmailPreview<PasswordResetLinkEmail, IdentityEmailLink>("Identity: reset link", new("jane@example.com", "http://127.0.0.1:5090/identity/resetPassword?code=sample"))
        .AddEmailPreview<PasswordResetCodeEmail, IdentityEmailCode>("Identity: reset code", new("jane@example.com", "Q7X-42K"));
}
