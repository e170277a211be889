namespace Hyperswitch.Email.AspNetCore.Identity.Templates;

/// <summary>Identity's "Confirm your email": the account's address and the confirmation link (English, German).</summary>
/// <remarks>Replace it with <see cref="IdentityEmailTemplateOptions.ConfirmationLink"/>.</remarks>
public sealed partial class ConfirmationLinkEmail;
