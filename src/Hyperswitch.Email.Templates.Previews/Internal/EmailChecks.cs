using System.Globalization;
using System.Text;
using AngleSharp.Html.Parser;

namespace Hyperswitch.Email.Templates.Previews.Internal;

/// <summary>The checks of the preview page: what makes an email clipped, inaccessible, insecure or broken in the inbox.</summary>
internal static class EmailChecks
{
    /// <summary>Gmail shows "[Message clipped]" past about 102 KB of HTML.</summary>
    public const int GmailClipBytes = 102 * 1024;

    private const int MaxListed = 5;

    public static List<EmailCheck> Run(string html, string? textBody, IReadOnlySet<string> contentIds, Uri baseUrl)
    {
        var document = new HtmlParser().ParseDocument(html);
        var checks = new List<EmailCheck>();

        var bytes = Encoding.UTF8.GetByteCount(html);
        checks.Add(new("size", "Under Gmail's clipping size", bytes <= GmailClipBytes,
            string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KB of HTML; Gmail clips past 102 KB.")));

        var noAlt = document.QuerySelectorAll("img").Where(img => !img.HasAttribute("alt")).Select(img => img.GetAttribute("src") ?? "(no src)").ToList();
        checks.Add(new("alt", "Every image has alt text", noAlt.Count == 0, noAlt.Count == 0 ? "Every <img> has an alt attribute." : $"No alt: {List(noAlt)}"));

        var urls = document.QuerySelectorAll("[href], [src]")
            .Select(e => (e.GetAttribute("href") ?? e.GetAttribute("src") ?? string.Empty).Trim())
            .Where(u => u.Length > 0)
            .ToList();
        var insecure = urls.Where(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase)).Distinct().ToList();
        checks.Add(new("http", "No http:// links", insecure.Count == 0, insecure.Count == 0 ? "Every link and image is https, mailto or cid." : $"Not encrypted: {List(insecure)}"));

        var outside = document.QuerySelectorAll("a[href]")
            .Select(a => a.GetAttribute("href")!.Trim())
            .Where(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                && !uri.AbsoluteUri.StartsWith(baseUrl.AbsoluteUri, StringComparison.OrdinalIgnoreCase))
            .Distinct()
            .ToList();
        checks.Add(new("base-url", "Links stay under the base URL", outside.Count == 0,
            outside.Count == 0 ? $"Every link starts with {baseUrl}." : $"Outside {baseUrl}: {List(outside)}"));

        var unresolved = urls.Where(u => u.StartsWith("cid:", StringComparison.OrdinalIgnoreCase) && !contentIds.Contains(Uri.UnescapeDataString(u[4..])))
            .Distinct()
            .ToList();
        checks.Add(new("cid", "Every cid: image is attached", unresolved.Count == 0,
            unresolved.Count == 0 ? "No cid: reference without its inline attachment." : $"Not attached: {List(unresolved)}"));

        var hasText = !string.IsNullOrWhiteSpace(textBody);
        checks.Add(new("text", "Has a plain-text part", hasText, hasText ? "A text/plain alternative is sent with the HTML." : "No text/plain part: some clients and spam filters penalize that."));
        return checks;
    }

    private static string List(List<string> values) =>
        string.Join(", ", values.Take(MaxListed)) + (values.Count > MaxListed ? $" and {values.Count - MaxListed} more" : string.Empty);
}
