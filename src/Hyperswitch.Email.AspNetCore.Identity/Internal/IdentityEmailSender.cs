using System.Net;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;

namespace Hyperswitch.Email.AspNetCore.Identity.Internal;

/// <summary>Sends ASP.NET Core Identity's confirmation and password-reset emails through <see cref="IEmailClient"/>.</summary>
/// <typeparam name="TUser">The type of the Identity user.</typeparam>
internal sealed class IdentityEmailSender<TUser>(IEmailClient emailClient) : IEmailSender<TUser>
    where TUser : class
{
    public Task SendConfirmationLinkAsync(TUser user, string email, string confirmationLink)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentException.ThrowIfNullOrWhiteSpace(confirmationLink);
        return emailClient.SendEmailAsync(email, IdentityEmailTemplates.ConfirmationSubject, IdentityEmailTemplates.Confirmation(Encode(email), EncodeLink(confirmationLink, nameof(confirmationLink))));
    }

    public Task SendPasswordResetLinkAsync(TUser user, string email, string resetLink)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentException.ThrowIfNullOrWhiteSpace(resetLink);
        return emailClient.SendEmailAsync(email, IdentityEmailTemplates.ResetLinkSubject, IdentityEmailTemplates.ResetLink(Encode(email), EncodeLink(resetLink, nameof(resetLink))));
    }

    public Task SendPasswordResetCodeAsync(TUser user, string email, string resetCode)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentException.ThrowIfNullOrWhiteSpace(resetCode);
        return emailClient.SendEmailAsync(email, IdentityEmailTemplates.ResetCodeSubject, IdentityEmailTemplates.ResetCode(Encode(email), Encode(resetCode)));
    }

    /// <summary>
    /// HTML-encodes a value exactly once. Identity's endpoints pass links already encoded ("do not double encode this"),
    /// other callers pass them raw: decoding first makes both come out right.
    /// </summary>
    private static string Encode(string value) => HtmlEncoder.Default.Encode(WebUtility.HtmlDecode(value));

    /// <summary>Encodes a link for an <c>href</c>, refusing anything but an absolute http or https URL (a <c>javascript:</c> link would run).</summary>
    private static string EncodeLink(string link, string parameterName)
    {
        var decoded = WebUtility.HtmlDecode(link).Trim();
        if (!Uri.TryCreate(decoded, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("The link must be an absolute http or https URL.", parameterName);
        }

        return HtmlEncoder.Default.Encode(decoded);
    }
}
