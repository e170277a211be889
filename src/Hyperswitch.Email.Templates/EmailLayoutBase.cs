using Microsoft.AspNetCore.Components;

namespace Hyperswitch.Email.Templates;

/// <summary>
/// The base of an email layout: the page around each template's <c>@Body</c>, with the theme and links of the email
/// being rendered. Name it with <c>@layout</c> in a template, or make it the default with
/// <see cref="EmailTemplateOptions.DefaultLayout"/>.
/// </summary>
public abstract class EmailLayoutBase : LayoutComponentBase
{
    /// <summary>Gets the email being rendered: recipient, culture, theme and links.</summary>
    /// <exception cref="InvalidOperationException">The layout is rendered outside <see cref="EmailTemplateRenderer"/>.</exception>
    [CascadingParameter]
    protected EmailRenderContext Email
    {
        get => _email ?? throw new InvalidOperationException($"{GetType().Name} is an email layout: render it with {nameof(EmailTemplateRenderer)}.");
        set => _email = value;
    }

    private EmailRenderContext? _email;
}
