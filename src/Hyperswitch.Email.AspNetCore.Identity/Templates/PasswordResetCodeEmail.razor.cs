namespace Hyperswitch.Email.AspNetCore.Identity.Templates;

/// <summary>Identity's "Your password reset code": the account's address and the code (English, German).</summary>
/// <remarks>Replace it with <see cref="IdentityEmailTemplateOptions.PasswordResetCode"/>.</remarks>
public sealed partial class PasswordResetCodeEmail;
