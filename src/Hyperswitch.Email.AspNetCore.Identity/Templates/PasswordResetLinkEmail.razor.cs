namespace Hyperswitch.Email.AspNetCore.Identity.Templates;

/// <summary>Identity's "Reset your password": the account's address and the reset link (English, German).</summary>
/// <remarks>Replace it with <see cref="IdentityEmailTemplateOptions.PasswordResetLink"/>.</remarks>
public sealed partial class PasswordResetLinkEmail;
