using System.Globalization;
using Hyperswitch.Email.Templates.Internal;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Templates;

/// <summary>
/// Renders email templates (Razor components) with ASP.NET Core's <see cref="HtmlRenderer"/>: the template in its
/// layout, under the recipient's culture, with the tenant's theme; then inlines the CSS.
/// </summary>
/// <remarks>
/// Registered as a singleton by <c>services.AddEmailTemplates(configuration)</c>; thread-safe. Templates are resolved
/// from the application's root services, so they can inject singleton and transient services (such as
/// <c>IStringLocalizer&lt;T&gt;</c>), not scoped ones.
/// </remarks>
public sealed class EmailTemplateRenderer
{
    private readonly EmailHtmlRenderer _html;
    private readonly IEmailThemeProvider _themes;
    private readonly IOptionsMonitor<EmailTemplateOptions> _options;

    internal EmailTemplateRenderer(EmailHtmlRenderer html, IEmailThemeProvider themes, IOptionsMonitor<EmailTemplateOptions> options)
    {
        _html = html;
        _themes = themes;
        _options = options;
    }

    /// <summary>Creates the email that <typeparamref name="TTemplate"/> renders from <paramref name="model"/>, for <paramref name="recipient"/>.</summary>
    /// <typeparam name="TTemplate">The template.</typeparam>
    /// <typeparam name="TModel">The type of its data.</typeparam>
    /// <param name="recipient">The recipient.</param>
    /// <param name="model">The data the email shows.</param>
    /// <param name="culture">The recipient's culture; <see langword="null"/> for the current UI culture (the request's, with request localization).</param>
    /// <param name="tenant">The tenant whose theme the email takes; <see langword="null"/> for the default.</param>
    /// <returns>The email, rendered when it is composed: pass it to <c>ComposeAndSendAsync</c> or <c>db.AddEmailAsync</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="recipient"/> is <see langword="null"/>.</exception>
    public TemplatedEmail Create<TTemplate, TModel>(EmailAddress recipient, TModel model, CultureInfo? culture = null, string? tenant = null)
        where TTemplate : EmailTemplate<TModel>
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return new TemplatedEmail(this, typeof(TTemplate), model, recipient, culture ?? CultureInfo.CurrentUICulture, tenant);
    }

    /// <summary>Creates the email that <paramref name="templateType"/> renders from <paramref name="model"/>, for a template chosen at run time.</summary>
    /// <param name="templateType">The template, a component derived from <see cref="EmailTemplate{TModel}"/> of the model's type.</param>
    /// <param name="recipient">The recipient.</param>
    /// <param name="model">The data the email shows.</param>
    /// <param name="culture">The recipient's culture; <see langword="null"/> for the current UI culture.</param>
    /// <param name="tenant">The tenant whose theme the email takes; <see langword="null"/> for the default.</param>
    /// <returns>The email, rendered when it is composed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="templateType"/> or <paramref name="recipient"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="templateType"/> is not a template whose model <paramref name="model"/> can be.</exception>
    public TemplatedEmail Create(Type templateType, EmailAddress recipient, object? model, CultureInfo? culture = null, string? tenant = null)
    {
        ArgumentNullException.ThrowIfNull(templateType);
        ArgumentNullException.ThrowIfNull(recipient);
        var modelType = TemplateTypes.ModelType(templateType)
            ?? throw new ArgumentException($"{templateType.Name} is not an email template: derive it from EmailTemplate<TModel>.", nameof(templateType));
        if (model is null ? modelType.IsValueType && Nullable.GetUnderlyingType(modelType) is null : !modelType.IsInstanceOfType(model))
        {
            throw new ArgumentException($"{templateType.Name} shows a {modelType.Name}, not a {model?.GetType().Name ?? "null"}.", nameof(model));
        }

        return new TemplatedEmail(this, templateType, model, recipient, culture ?? CultureInfo.CurrentUICulture, tenant);
    }

    internal async ValueTask<EmailContents> RenderAsync(TemplatedEmail email, Uri baseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!baseUrl.IsAbsoluteUri)
        {
            throw new ArgumentException($"The base URL must be absolute, such as https://shop.example/ (it is '{baseUrl}').", nameof(baseUrl));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var theme = await _themes.GetThemeAsync(email.Tenant, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{_themes.GetType().Name} returned no theme for tenant '{email.Tenant}'.");
        var problems = EmailThemeValidator.Problems(theme, prefix: "EmailTheme.");
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"The theme of tenant '{email.Tenant}' is invalid: {string.Join(" ", problems)}");
        }

        var context = new EmailRenderContext(email.Recipient, email.Culture, email.Tenant, theme, baseUrl);
        var layout = TemplateTypes.Layout(email.TemplateType) ?? _options.CurrentValue.DefaultLayout;
        var html = await _html.RenderAsync(email.TemplateType, email.Model, layout, context).ConfigureAwait(false);
        var subject = context.Subject
            ?? throw new InvalidOperationException($"{email.TemplateType.Name} set no subject.");
        cancellationToken.ThrowIfCancellationRequested();
        return new EmailContents(email.Recipient, subject, CssInliner.Inline(html)) { TextBody = context.TextBody };
    }
}
