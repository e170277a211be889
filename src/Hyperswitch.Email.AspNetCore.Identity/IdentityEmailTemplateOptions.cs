using Hyperswitch.Email.AspNetCore.Identity.Templates;
using Hyperswitch.Email.Templates;

namespace Hyperswitch.Email.AspNetCore.Identity;

/// <summary>
/// The templates of Identity's three emails, each replaceable on its own:
/// <c>services.AddIdentityEmailSender&lt;IdentityUser&gt;(templates =&gt; templates.ConfirmationLink = typeof(MyConfirmEmail))</c>.
/// </summary>
/// <remarks>The emails render in the application's default layout (<see cref="EmailTemplateOptions.DefaultLayout"/>) unless a template names its own.</remarks>
public sealed class IdentityEmailTemplateOptions
{
    /// <summary>Gets or sets the template of the email confirmation link, an <see cref="EmailTemplate{TModel}"/> of <see cref="IdentityEmailLink"/>.</summary>
    /// <value>The default is <see cref="ConfirmationLinkEmail"/>.</value>
    public Type ConfirmationLink { get; set; } = typeof(ConfirmationLinkEmail);

    /// <summary>Gets or sets the template of the password reset link, an <see cref="EmailTemplate{TModel}"/> of <see cref="IdentityEmailLink"/>.</summary>
    /// <value>The default is <see cref="PasswordResetLinkEmail"/>.</value>
    public Type PasswordResetLink { get; set; } = typeof(PasswordResetLinkEmail);

    /// <summary>Gets or sets the template of the password reset code, an <see cref="EmailTemplate{TModel}"/> of <see cref="IdentityEmailCode"/>.</summary>
    /// <value>The default is <see cref="PasswordResetCodeEmail"/>.</value>
    public Type PasswordResetCode { get; set; } = typeof(PasswordResetCodeEmail);

    /// <summary>Gets or sets the URL of the application, that the templates' own links (a relative logo URL, say) are built on.</summary>
    /// <value>
    /// The default is <see langword="null"/>: the site of the link Identity passes (<c>https://shop.example/</c> for
    /// <c>https://shop.example/confirmEmail?...</c>), and <c>https://localhost/</c> for the reset code email, which has no link.
    /// </value>
    public Uri? BaseUrl { get; set; }
}
