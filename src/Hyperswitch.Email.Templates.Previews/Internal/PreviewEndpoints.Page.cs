using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Hyperswitch.Email.Templates.Previews.Internal;

/// <summary>The HTML of the preview page. Every value is HTML-encoded.</summary>
internal sealed partial class PreviewEndpoints
{
    private const string Style = """
        body { margin: 0; font-family: system-ui, Arial, sans-serif; font-size: 14px; color: #1f2933; background: #f4f5f7; display: flex; min-height: 100vh; }
        nav { width: 240px; background: #1f2933; color: #e4e7eb; padding: 16px; box-sizing: border-box; }
        nav h1 { font-size: 16px; margin: 0 0 16px 0; }
        nav a { display: block; color: #e4e7eb; text-decoration: none; padding: 6px 8px; border-radius: 4px; }
        nav a[aria-current="page"] { background: #3e4c59; font-weight: bold; }
        main { flex: 1; padding: 16px 24px; min-width: 0; }
        form.controls, form.send { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin: 0 0 12px 0; }
        .frame { background: #d9dde2; padding: 16px; border-radius: 6px; overflow: auto; }
        iframe { display: block; margin: 0 auto; border: 0; background: #ffffff; height: 720px; }
        .checks { list-style: none; padding: 0; margin: 0 0 12px 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 6px; }
        .checks li { padding: 6px 10px; border-radius: 4px; background: #ffffff; border-left: 4px solid #2f9e44; }
        .checks li.fail { border-left-color: #e03131; }
        .checks small { display: block; color: #52606d; overflow-wrap: anywhere; }
        pre { background: #ffffff; padding: 12px; overflow: auto; max-height: 400px; white-space: pre-wrap; overflow-wrap: anywhere; }
        table { border-collapse: collapse; background: #ffffff; }
        td, th { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid #e4e7eb; overflow-wrap: anywhere; }
        .notice { padding: 8px 12px; border-radius: 4px; background: #d3f9d8; }
        .notice.error { background: #ffe3e3; }
        """;

    private string Page(HttpContext http, List<EmailPreview> previews, Selection selection, Uri baseUrl, Rendered? rendered, string? error)
    {
        var page = new StringBuilder(16 * 1024);
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Email previews</title>\n<style>")
            .Append(Style).Append("</style>\n</head>\n<body>\n<nav>\n<h1>Email previews</h1>\n<div id=\"previews\">\n");
        foreach (var preview in previews)
        {
            var url = QueryHelpers.AddQueryString(PagePath(http), (selection with { Preview = preview }).Query());
            page.Append("<a href=\"").Append(Encode(url)).Append('"').Append(preview == selection.Preview ? " aria-current=\"page\"" : string.Empty)
                .Append('>').Append(Encode(preview.Name)).Append("</a>\n");
        }

        if (previews.Count == 0)
        {
            page.Append("<p>No preview is registered: call <code>services.AddEmailPreview&lt;TTemplate, TModel&gt;(name, model)</code>.</p>\n");
        }

        page.Append("</div>\n</nav>\n<main>\n");
        if (http.Request.Query["sent"].ToString() is { Length: > 0 } sent)
        {
            page.Append("<p id=\"sent\" class=\"notice\">Sent to ").Append(Encode(sent)).Append(".</p>\n");
        }

        if ((error ?? http.Request.Query["error"].ToString()) is { Length: > 0 } problem)
        {
            page.Append("<p id=\"error\" class=\"notice error\">").Append(Encode(problem)).Append("</p>\n");
        }

        if (selection.Preview is null)
        {
            return page.Append("</main>\n</body>\n</html>\n").ToString();
        }

        page.Append("<form class=\"controls\" id=\"controls\" method=\"get\" action=\"").Append(Encode(PagePath(http))).Append("\">\n")
            .Append("<input type=\"hidden\" name=\"preview\" value=\"").Append(Encode(selection.Preview.Name)).Append("\">\n");
        Select(page, "culture", "Culture", options.Cultures.Select(c => (c, c)), selection.Culture.Name);
        Select(page, "tenant", "Theme", options.Tenants.Select(t => (t, t)).Prepend((string.Empty, "Default")), selection.Tenant ?? string.Empty);
        Select(page, "width", "Width", [("desktop", "Desktop (800 px)"), ("mobile", "Mobile (375 px)")], selection.Width);
        page.Append("<button type=\"submit\">Show</button>\n</form>\n");

        page.Append("<form class=\"send\" id=\"send\" method=\"post\" action=\"").Append(Encode(PagePath(http) + "send")).Append("\">\n");
        foreach (var (name, value) in selection.Query())
        {
            page.Append("<input type=\"hidden\" name=\"").Append(Encode(name)).Append("\" value=\"").Append(Encode(value)).Append("\">\n");
        }

        page.Append("<label>Send this to <input type=\"email\" name=\"to\" required placeholder=\"you@example.com\"></label>\n<button type=\"submit\">Send</button>\n</form>\n");

        if (rendered is not null)
        {
            page.Append("<h2 id=\"subject\">").Append(Encode(rendered.Subject)).Append("</h2>\n<ul class=\"checks\" id=\"checks\">\n");
            foreach (var check in rendered.Checks)
            {
                page.Append("<li data-check=\"").Append(check.Id).Append("\" class=\"").Append(check.Passed ? "pass" : "fail").Append("\">")
                    .Append(check.Passed ? "✔ " : "✘ ").Append(Encode(check.Title)).Append("<small>").Append(Encode(check.Detail)).Append("</small></li>\n");
            }

            page.Append("</ul>\n");
        }

        var render = QueryHelpers.AddQueryString(PagePath(http) + "render", selection.Query());
        var width = selection.Width == "mobile" ? 375 : 800;
        page.Append("<div class=\"frame\"><iframe id=\"email\" title=\"The email\" sandbox=\"allow-popups allow-popups-to-escape-sandbox\" width=\"").Append(width)
            .Append("\" src=\"").Append(Encode(render)).Append("\"></iframe></div>\n");

        if (rendered is not null)
        {
            page.Append("<h3>Text part</h3>\n<pre id=\"text\">").Append(Encode(rendered.Text ?? "(none)")).Append("</pre>\n");
            page.Append("<h3>Headers</h3>\n<table id=\"headers\">\n");
            foreach (var header in rendered.Headers)
            {
                page.Append("<tr><th>").Append(Encode(header.Key)).Append("</th><td>").Append(Encode(header.Value)).Append("</td></tr>\n");
            }

            page.Append("</table>\n<details><summary>Raw MIME</summary>\n<pre id=\"mime\">").Append(Encode(rendered.Mime ?? "(no IEmailComposer registered: call services.AddEmail(configuration))")).Append("</pre>\n</details>\n");
            page.Append("<p><small>Links are built on ").Append(Encode(baseUrl.AbsoluteUri)).Append(". Nothing is sent unless you press Send.</small></p>\n");
        }

        return page.Append("</main>\n</body>\n</html>\n").ToString();
    }

    private static void Select(StringBuilder page, string name, string label, IEnumerable<(string Value, string Text)> choices, string selected)
    {
        page.Append("<label>").Append(label).Append(" <select id=\"").Append(name).Append("\" name=\"").Append(name).Append("\" onchange=\"this.form.submit()\">");
        foreach (var (value, text) in choices)
        {
            page.Append("<option value=\"").Append(Encode(value)).Append('"').Append(value == selected ? " selected" : string.Empty).Append('>').Append(Encode(text)).Append("</option>");
        }

        page.Append("</select></label>\n");
    }
}
