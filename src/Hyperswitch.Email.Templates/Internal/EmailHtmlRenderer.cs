using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging;

namespace Hyperswitch.Email.Templates.Internal;

/// <summary>The one <see cref="HtmlRenderer"/> of the service provider, as ASP.NET Core's docs advise; disposed with it.</summary>
internal sealed class EmailHtmlRenderer(IServiceProvider services, ILoggerFactory loggerFactory) : IDisposable, IAsyncDisposable
{
    private readonly HtmlRenderer _renderer = new(services, loggerFactory);

    public Task<string> RenderAsync(Type template, object? model, Type? layout, EmailRenderContext context) =>
        _renderer.Dispatcher.InvokeAsync(async () =>
        {
            // Set inside the dispatcher's callback: the culture flows with the execution context into every component
            // (and their async continuations) of this render, and goes back to the caller's when the callback returns.
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
            var output = await _renderer.RenderComponentAsync<EmailHost>(parameters).ConfigureAwait(true);
            return output.ToHtmlString();
        });

    public void Dispose() => _renderer.Dispose();

    public ValueTask DisposeAsync() => _renderer.DisposeAsync();
}
