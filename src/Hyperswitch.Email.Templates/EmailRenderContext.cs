using System.Globalization;
using System.Text;

namespace Hyperswitch.Email.Templates;

/// <summary>
/// What every template and layout knows while one email renders: its recipient, culture, tenant and theme, and the
/// base URL that its links are built on. Templates and layouts read it as <c>Email</c>.
/// </summary>
public sealed class EmailRenderContext
{
    internal EmailRenderContext(EmailAddress recipient, CultureInfo culture, string? tenant, EmailTheme theme, Uri baseUrl)
    {
        Recipient = recipient;
        Culture = culture;
        Tenant = tenant;
        Theme = theme;
        BaseUrl = baseUrl;
    }

    /// <summary>Gets the recipient.</summary>
    public EmailAddress Recipient { get; }

    /// <summary>Gets the culture the email renders under: its text, dates and numbers.</summary>
    public CultureInfo Culture { get; }

    /// <summary>Gets the tenant the email is sent for, or <see langword="null"/> for the default.</summary>
    public string? Tenant { get; }

    /// <summary>Gets the theme of <see cref="Tenant"/>.</summary>
    public EmailTheme Theme { get; }

    /// <summary>Gets the absolute URL of the application that links are built on, for example <c>https://shop.example/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Gets the subject the template set, once it has rendered.</summary>
    internal string? Subject { get; set; }

    /// <summary>Gets the plain-text part the template wrote, if it wrote one.</summary>
    internal string? TextBody { get; set; }

    /// <summary>Builds an absolute link to <paramref name="path"/> under <see cref="BaseUrl"/>, with a query string of escaped values.</summary>
    /// <param name="path">The path relative to the base URL, for example <c>confirm-email</c>.</param>
    /// <param name="query">The query parameters; a <see langword="null"/> value is left out.</param>
    /// <returns>The absolute URL, to write in an <c>href</c> (Razor HTML-encodes it).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> leads outside the base URL, for example <c>//other.example/</c>.</exception>
    public string Link(string path, params (string Name, string? Value)[] query)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(query);
        var builder = new StringBuilder(path);
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        foreach (var (name, value) in query)
        {
            if (value is null)
            {
                continue;
            }

            builder.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        var link = new Uri(BaseUrl, builder.ToString());
        if (!link.AbsoluteUri.StartsWith(BaseUrl.AbsoluteUri, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The link '{path}' leads outside the base URL {BaseUrl}.", nameof(path));
        }

        return link.AbsoluteUri;
    }

    /// <summary>Resolves <paramref name="url"/> against <see cref="BaseUrl"/>, for an image or a link that may be absolute already.</summary>
    /// <param name="url">An absolute URL, or one relative to the base URL.</param>
    /// <returns>The absolute URL.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="url"/> is <see langword="null"/>.</exception>
    public string Absolute(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IsAbsoluteUri ? url.AbsoluteUri : new Uri(BaseUrl, url).AbsoluteUri;
    }
}
