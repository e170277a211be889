namespace SignupFlows.Emails;

/// <summary>The data of "Verify your email": its link leads to <c>GET /confirm-email</c>.</summary>
public sealed record VerifyEmailModel(string UserId, string Token);

/// <summary>The data of "Reset your password": its link leads to the form at <c>GET /reset-password</c>.</summary>
public sealed record ResetPasswordModel(string Token);

/// <summary>The data of "Your sign-in link": its link leads to <c>GET /magic-login</c> and works once, for <see cref="Lifetime"/>.</summary>
public sealed record MagicLinkModel(string UserId, string Token, TimeSpan Lifetime);

/// <summary>The data of "You are invited": its link leads to the form at <c>GET /accept-invite</c>, valid until <see cref="ExpiresAt"/>.</summary>
public sealed record InviteModel(string Inviter, string Token, DateTimeOffset ExpiresAt);

/// <summary>
/// The data of the newsletter: <see cref="Issue"/> names the issue (<c>December 2026</c>), and <see cref="UnsubscribeUrl"/>
/// is the recipient's one-click unsubscribe link (<c>IEmailUnsubscribeLinks.CreateUrl</c>), shown in the footer.
/// </summary>
public sealed record NewsletterModel(string Issue, Uri UnsubscribeUrl);
