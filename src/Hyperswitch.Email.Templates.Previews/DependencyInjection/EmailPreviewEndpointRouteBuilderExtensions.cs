using Hyperswitch.Email.Templates.Previews;
using Hyperswitch.Email.Templates.Previews.Internal;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Extension methods for mapping the email preview page.</summary>
public static class EmailPreviewEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the email preview page at <paramref name="pattern"/>: every <see cref="Hyperswitch.Email.Templates.EmailPreview"/>
    /// registered with <c>services.AddEmailPreview&lt;TTemplate, TModel&gt;(...)</c>, rendered in a sandboxed iframe with its
    /// text part, headers, raw MIME and checks, and a form that sends it through the configured <c>IEmailClient</c>.
    /// </summary>
    /// <param name="endpoints">The <see cref="IEndpointRouteBuilder"/> to add the page to.</param>
    /// <param name="pattern">The path of the page, for example <c>/emails</c>.</param>
    /// <param name="configure">Sets the cultures, tenants and base URL of the page.</param>
    /// <returns>The <see cref="IEndpointConventionBuilder"/> of the page's endpoints, for example to add <c>RequireAuthorization()</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> or <paramref name="pattern"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">
    /// The environment is not Development and <see cref="EmailPreviewOptions.EnableOutsideDevelopment"/> is not set, or
    /// <c>services.AddEmailTemplates(configuration)</c> was not called.
    /// </exception>
    /// <remarks>
    /// The page never sends unless its "Send" button is pressed; a send is refused unless the request comes from the page
    /// itself (same origin). The iframe is sandboxed without scripts, and the rendered email is served with a
    /// <c>Content-Security-Policy</c> that forbids scripts too.
    /// </remarks>
    public static IEndpointConventionBuilder MapEmailPreviews(this IEndpointRouteBuilder endpoints, string pattern = "/emails", Action<EmailPreviewOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);

        var options = new EmailPreviewOptions();
        configure?.Invoke(options);
        var environment = endpoints.ServiceProvider.GetRequiredService<IHostEnvironment>();
        if (!environment.IsDevelopment() && !options.EnableOutsideDevelopment)
        {
            throw new InvalidOperationException(
                $"The email preview page is for Development (the environment is {environment.EnvironmentName}): map it only there, or set EmailPreviewOptions.EnableOutsideDevelopment and protect it.");
        }

        if (endpoints.ServiceProvider.GetService<Hyperswitch.Email.Templates.EmailTemplateRenderer>() is null)
        {
            throw new InvalidOperationException("The email preview page needs the templates: call services.AddEmailTemplates(configuration).");
        }

        if (options.Cultures.Count == 0)
        {
            options.Cultures.Add("en");
        }

        var group = endpoints.MapGroup(pattern);
        group.WithMetadata(new Microsoft.AspNetCore.Routing.ExcludeFromDescriptionAttribute());
        var page = new PreviewEndpoints(options, pattern);
        group.MapGet("/", page.PageAsync);
        group.MapGet("/render", page.RenderAsync);
        group.MapPost("/send", page.SendAsync).DisableAntiforgery();
        return group;
    }
}
