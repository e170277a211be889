using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging;

namespace Hyperswitch.Email.Templates.Internal;

/// <summary>
/// Renders one email with its own <see cref="HtmlRenderer"/>, disposed when the HTML is read. An
/// <see cref="HtmlRenderer"/> keeps every root component it rendered (with its render tree) until it is disposed, so a
/// renderer shared by a process would grow with each email; one per render is what ASP.NET Core itself does (one per
/// request). What is worth sharing is shared elsewhere: the component activator's cache, the localizers, the layouts.
/// </summary>
internal sealed class EmailHtmlRenderer(IServiceProvider services, ILoggerFactory loggerFactory)
{
    public async Task<string> RenderAsync(Type template, object? model, Type? layout, EmailRenderContext context)
    {
        var renderer = new HtmlRenderer(services, loggerFactory);
        await using (renderer.ConfigureAwait(false))
        {
            return await renderer.Dispatcher.InvokeAsync(async () =>
            {
                // Set inside the dispatcher's callback: the culture flows with the execution context into every
                // component (and their async continuations) of this render, and goes back to the caller's when the
                // callback returns.
                CultureInfo.CurrentCulture = context.Culture;
                CultureInfo.CurrentUICulture = context.Culture;
                var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>(4)
                {
                    [nameof(EmailHost.Template)] = template,
                    [nameof(EmailHost.Model)] = model,
                    [nameof(EmailHost.Layout)] = layout,
                    [nameof(EmailHost.Context)] = context,
                });

                // The output must be read on the dispatcher: stay on it.
                var output = await renderer.RenderComponentAsync<EmailHost>(parameters).ConfigureAwait(true);
                return output.ToHtmlString();
            }).ConfigureAwait(false);
        }
    }
}
