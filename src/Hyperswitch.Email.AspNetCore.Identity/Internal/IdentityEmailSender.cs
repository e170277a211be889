using System.Globalization;
using System.Net;
using Hyperswitch.Email.Templates;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.AspNetCore.Identity.Internal;

/// <summary>
/// Sends ASP.NET Core Identity's confirmation and password-reset emails through <see cref="IEmailClient"/>, rendered from
/// the templates of <see cref="IdentityEmailTemplateOptions"/> under the current UI culture (the request's, with request
/// localization).
/// </summary>
/// <typeparam name="TUser">The type of the Identity user.</typeparam>
internal sealed class IdentityEmailSender<TUser>(IEmailClient emailClient, EmailTemplateRenderer templates, IOptions<IdentityEmailTemplateOptions> options) : IEmailSender<TUser>
    where TUser : class
{
    public Task SendConfirmationLinkAsync(TUser user, string email, string confirmationLink)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentException.ThrowIfNullOrWhiteSpace(confirmationLink);
        var (link, baseUrl) = Link(confirmationLink, nameof(confirmationLink));
        return SendAsync(options.Value.ConfirmationLink, email, new IdentityEmailLink(Decode(email), link), baseUrl);
    }

    public Task SendPasswordResetLinkAsync(TUser user, string email, string resetLink)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentException.ThrowIfNullOrWhiteSpace(resetLink);
        var (link, baseUrl) = Link(resetLink, nameof(resetLink));
        return SendAsync(options.Value.PasswordResetLink, email, new IdentityEmailLink(Decode(email), link), baseUrl);
    }

    public Task SendPasswordResetCodeAsync(TUser user, string email, string resetCode)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentException.ThrowIfNullOrWhiteSpace(resetCode);

        // No link to take the application's URL from: IdentityEmailTemplateOptions.BaseUrl, or a placeholder.
        return SendAsync(options.Value.PasswordResetCode, email, new IdentityEmailCode(Decode(email), Decode(resetCode)), options.Value.BaseUrl ?? new Uri("https://localhost/"));
    }

    private Task SendAsync(Type template, string email, object model, Uri baseUrl) =>
        emailClient.ComposeAndSendAsync(baseUrl, templates.Create(template, email, model, CultureInfo.CurrentUICulture));

    /// <summary>
    /// Razor encodes every value once. Identity's endpoints pass links already encoded ("do not double encode this"),
    /// other callers pass them raw: decoding first makes both come out right.
    /// </summary>
    private static string Decode(string value) => WebUtility.HtmlDecode(value);

    /// <summary>The decoded link, refused unless an absolute http or https URL (a <c>javascript:</c> link would run), and its site as the base URL.</summary>
    private (string Link, Uri BaseUrl) Link(string link, string parameterName)
    {
        var decoded = WebUtility.HtmlDecode(link).Trim();
        if (!Uri.TryCreate(decoded, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("The link must be an absolute http or https URL.", parameterName);
        }

        return (decoded, options.Value.BaseUrl ?? new Uri(uri.GetLeftPart(UriPartial.Authority) + "/"));
    }
}
