using Microsoft.AspNetCore.Components;

namespace Hyperswitch.Email.Templates;

/// <summary>
/// The base of every email template: a Razor component that defines its <see cref="Subject"/> and renders the body,
/// in the layout its <c>@layout</c> directive names (or the default one).
/// </summary>
/// <remarks>Derive from <see cref="EmailTemplate{TModel}"/>, which adds the typed <c>Model</c> parameter.</remarks>
public abstract class EmailTemplate : ComponentBase
{
    /// <summary>Gets the email being rendered: recipient, culture, theme and links.</summary>
    /// <exception cref="InvalidOperationException">The template is rendered outside <see cref="EmailTemplateRenderer"/>.</exception>
    [CascadingParameter]
    protected EmailRenderContext Email
    {
        get => _email ?? throw new InvalidOperationException($"{GetType().Name} is an email template: render it with {nameof(EmailTemplateRenderer)}.");
        set => _email = value;
    }

    private EmailRenderContext? _email;

    /// <summary>Gets the subject line, in the culture the email renders under.</summary>
    /// <remarks>Read once the parameters are set (after <c>OnParametersSetAsync</c>), so it may use them and the localizer.</remarks>
    protected abstract string Subject { get; }

    /// <summary>
    /// Gets the plain-text part, written by the template; <see langword="null"/> (the default) derives it from the
    /// rendered HTML, links kept as <c>text (url)</c>.
    /// </summary>
    /// <remarks>
    /// Override it when the derived text is not what a reader of plain text should get, for example to put the one
    /// link on a line of its own. Read once, like <see cref="Subject"/>, after the parameters are set; it is plain
    /// text and is not encoded.
    /// </remarks>
    protected virtual string? TextBody => null;

    /// <inheritdoc />
    public override async Task SetParametersAsync(ParameterView parameters)
    {
        await base.SetParametersAsync(parameters).ConfigureAwait(true);
        Email.Subject = Subject;
        Email.TextBody = TextBody;
    }
}
