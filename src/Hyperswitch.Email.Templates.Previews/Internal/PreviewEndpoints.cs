using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Hyperswitch.Email.Templates.Previews.Internal;

/// <summary>The three endpoints of the preview page: the page, the email alone (for the iframe), and "send".</summary>
internal sealed partial class PreviewEndpoints(EmailPreviewOptions options, string pattern)
{
    /// <summary>The raw MIME shown is cut past this many characters: a page is not a mail client.</summary>
    private const int MaxMimeChars = 256 * 1024;

    public async Task<IResult> PageAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var previews = http.RequestServices.GetServices<EmailPreview>().ToList();
        var selection = Selection.Read(http.Request.Query, options, previews);
        var baseUrl = BaseUrl(http);
        Rendered? rendered = null;
        string? error = null;
        if (selection.Preview is not null)
        {
            try
            {
                rendered = await RenderPreviewAsync(http.RequestServices, selection, baseUrl, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A developer tool: the point is to see why the template does not render.
                error = $"{exception.GetType().Name}: {exception.Message}";
            }
        }

        var html = Page(http, previews, selection, baseUrl, rendered, error ?? rendered?.Error);
        return Results.Content(html, "text/html; charset=utf-8");
    }

    public async Task<IResult> RenderAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var previews = http.RequestServices.GetServices<EmailPreview>().ToList();
        var selection = Selection.Read(http.Request.Query, options, previews);
        if (selection.Preview is null)
        {
            return Results.NotFound();
        }

        var email = CreateEmail(http.RequestServices, selection);
        var contents = await email.GetEmailContentsAsync(BaseUrl(http), cancellationToken).ConfigureAwait(false);

        // The iframe is sandboxed already; the policy also holds if the URL is opened on its own.
        http.Response.Headers.ContentSecurityPolicy = "sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; img-src * data: cid:; style-src 'unsafe-inline' *; font-src *";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Content(contents.HtmlBody, "text/html; charset=utf-8");
    }

    public async Task<IResult> SendAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (!IsSameOrigin(http.Request))
        {
            return Results.Problem(title: "Not from the preview page", detail: "The preview page sends only what is asked from the page itself.", statusCode: StatusCodes.Status403Forbidden);
        }

        var form = await http.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        var previews = http.RequestServices.GetServices<EmailPreview>().ToList();
        var selection = Selection.Read(form, options, previews);
        var to = form["to"].ToString().Trim();
        if (selection.Preview is null || to.Length == 0)
        {
            return Results.Redirect(PageUrl(http, selection, ("error", "Choose an email and give an address to send it to.")));
        }

        var client = http.RequestServices.GetService<IEmailClient>();
        if (client is null)
        {
            return Results.Redirect(PageUrl(http, selection, ("error", "No IEmailClient is registered: call services.AddEmail(configuration).")));
        }

        try
        {
            var email = selection.Preview.CreateEmail(Renderer(http.RequestServices), new EmailAddress(to), selection.Culture, selection.Tenant);
            await client.ComposeAndSendAsync(BaseUrl(http), email, cancellationToken).ConfigureAwait(false);
        }
        catch (EmailException exception)
        {
            return Results.Redirect(PageUrl(http, selection, ("error", $"Not sent: {exception.Message}")));
        }

        return Results.Redirect(PageUrl(http, selection, ("sent", to)));
    }

    private static EmailTemplateRenderer Renderer(IServiceProvider services) => services.GetRequiredService<EmailTemplateRenderer>();

    private TemplatedEmail CreateEmail(IServiceProvider services, Selection selection) =>
        selection.Preview!.CreateEmail(Renderer(services), options.SampleRecipient, selection.Culture, selection.Tenant);

    private async Task<Rendered> RenderPreviewAsync(IServiceProvider services, Selection selection, Uri baseUrl, CancellationToken cancellationToken)
    {
        var message = await CreateEmail(services, selection).ComposeAsync(baseUrl, cancellationToken).ConfigureAwait(false);
        var composer = services.GetService<IEmailComposer>();
        if (composer is null)
        {
            var none = new HashSet<string>(StringComparer.Ordinal);
            return new(message.Subject, message.TextBody, [], null, EmailChecks.Run(message.HtmlBody, message.TextBody, none, baseUrl));
        }

        PreparedEmail prepared;
        try
        {
            prepared = await composer.ComposeAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (EmailException exception)
        {
            // It would not be sent either: say why, and still show what the template rendered and what the checks find.
            var none = new HashSet<string>(StringComparer.Ordinal);
            return new(message.Subject, message.TextBody, [], null, EmailChecks.Run(message.HtmlBody, message.TextBody, none, baseUrl))
            {
                Error = $"{exception.GetType().Name}: {exception.Message}",
            };
        }

        using var stream = new MemoryStream(prepared.Content.ToArray(), writable: false);
        using var mime = await MimeMessage.LoadAsync(stream, cancellationToken).ConfigureAwait(false);
        var contentIds = mime.BodyParts.Select(p => p.ContentId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var raw = Encoding.UTF8.GetString(prepared.Content.Span);
        if (raw.Length > MaxMimeChars)
        {
            raw = string.Concat(raw.AsSpan(0, MaxMimeChars), $"\n… ({raw.Length - MaxMimeChars} more characters)");
        }

        return new(
            mime.Subject ?? message.Subject,
            mime.TextBody,
            mime.Headers.Select(h => new KeyValuePair<string, string>(h.Field, h.Value)).ToList(),
            raw,
            EmailChecks.Run(mime.HtmlBody ?? message.HtmlBody, mime.TextBody, contentIds, baseUrl));
    }

    private Uri BaseUrl(HttpContext http) =>
        options.BaseUrl ?? new Uri($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/");

    private static bool IsSameOrigin(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site != "same-origin")
        {
            return false;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || origin == "null"
            ? site == "same-origin" || request.Headers.Referer.ToString().StartsWith($"{request.Scheme}://{request.Host}/", StringComparison.OrdinalIgnoreCase)
            : string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }

    private string PagePath(HttpContext http) => $"{http.Request.PathBase}{pattern.TrimEnd('/')}/";

    private string PageUrl(HttpContext http, Selection selection, params (string Name, string Value)[] extra)
    {
        var query = selection.Query().Concat(extra.Select(e => new KeyValuePair<string, string?>(e.Name, e.Value)));
        return QueryHelpers.AddQueryString(PagePath(http), query);
    }

    private static string Encode(string? value) => HtmlEncoder.Default.Encode(value ?? string.Empty);

    private sealed record Rendered(string Subject, string? Text, List<KeyValuePair<string, string>> Headers, string? Mime, List<EmailCheck> Checks)
    {
        /// <summary>Why the composer refused the email, which would then not be sent either.</summary>
        public string? Error { get; init; }
    }

    private sealed record Selection(EmailPreview? Preview, CultureInfo Culture, string? Tenant, string Width)
    {
        public static Selection Read(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> values, EmailPreviewOptions options, List<EmailPreview> previews)
        {
            var map = values.ToDictionary(v => v.Key, v => v.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var name = map.GetValueOrDefault("preview");
            var preview = name is null ? previews.FirstOrDefault() : previews.FirstOrDefault(p => p.Name == name);
            var culture = map.GetValueOrDefault("culture") is { } c && options.Cultures.Contains(c) ? c : options.Cultures[0];
            var tenant = map.GetValueOrDefault("tenant") is { Length: > 0 } t && options.Tenants.Contains(t) ? t : null;
            var width = map.GetValueOrDefault("width") == "mobile" ? "mobile" : "desktop";
            return new(preview, CultureInfo.GetCultureInfo(culture), tenant, width);
        }

        public IEnumerable<KeyValuePair<string, string?>> Query()
        {
            if (Preview is not null)
            {
                yield return new("preview", Preview.Name);
            }

            yield return new("culture", Culture.Name);
            if (Tenant is not null)
            {
                yield return new("tenant", Tenant);
            }

            yield return new("width", Width);
        }
    }
}
