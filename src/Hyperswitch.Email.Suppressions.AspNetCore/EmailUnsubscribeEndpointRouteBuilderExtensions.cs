using System.Net;
using Hyperswitch.Email.Suppressions;
using Hyperswitch.Email.Suppressions.AspNetCore;
using Hyperswitch.Email.Suppressions.AspNetCore.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Extension methods for mapping the one-click unsubscribe endpoint.</summary>
public static class EmailUnsubscribeEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the unsubscribe endpoint at <c>EmailUnsubscribe:Path</c>: <c>POST</c> with a valid token (the RFC 8058
    /// one-click request, or the form of the confirmation page) suppresses the address for the token's stream and answers
    /// <c>200</c>; a forged, damaged or expired token gets <c>400</c> and suppresses nothing. <c>GET</c> (what a link
    /// scanner or a click in the body does) only shows a page with an unsubscribe button, so that a prefetch never unsubscribes.
    /// </summary>
    /// <param name="endpoints">The application's endpoints (<c>app</c>).</param>
    /// <returns>The endpoints' convention builder, for further conventions (rate limiting, for example).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// As RFC 8058 requires, the POST needs no login, no cookie and no antiforgery token, and answers without a redirect.
    /// It needs <c>services.AddEmailUnsubscribe(...)</c> and <c>services.AddEmailSuppressions&lt;TContext&gt;(...)</c>.
    /// </remarks>
    public static IEndpointConventionBuilder MapEmailUnsubscribe(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var path = endpoints.ServiceProvider.GetRequiredService<IOptions<EmailUnsubscribeOptions>>().Value.Path;
        var group = endpoints.MapGroup(path);
        group.MapPost(string.Empty, UnsubscribeAsync).DisableAntiforgery().AllowAnonymous();
        group.MapGet(string.Empty, Confirm).AllowAnonymous();
        return group;
    }

    private static async Task<IResult> UnsubscribeAsync(HttpContext http, UnsubscribeTokens tokens, IEmailSuppressionList suppressions)
    {
        if (!tokens.TryRead(http.Request.Query["token"], out var address, out var stream))
        {
            return Results.Text("This unsubscribe link is not valid or has expired.", "text/plain", statusCode: StatusCodes.Status400BadRequest);
        }

        await suppressions.AddAsync(address, EmailSuppressionReason.Unsubscribe, stream, source: "one-click", cancellationToken: http.RequestAborted).ConfigureAwait(false);
        return Results.Text("You are unsubscribed.", "text/plain");
    }

    private static IResult Confirm(HttpContext http, UnsubscribeTokens tokens)
    {
        string token = http.Request.Query["token"].ToString();
        if (!tokens.TryRead(token, out _, out var stream))
        {
            return Results.Text("This unsubscribe link is not valid or has expired.", "text/plain", statusCode: StatusCodes.Status400BadRequest);
        }

        var action = WebUtility.HtmlEncode(http.Request.Path + http.Request.QueryString);
        var html = $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Unsubscribe</title></head><body>"
            + $"<form method=\"post\" action=\"{action}\"><p>Unsubscribe from {WebUtility.HtmlEncode(stream)}?</p>"
            + "<button type=\"submit\">Unsubscribe</button></form></body></html>";
        return Results.Content(html, "text/html; charset=utf-8");
    }
}
