using System.Globalization;

namespace Hyperswitch.Email.Templates;

/// <summary>
/// One email to render from a template: the template, its data, the recipient, the culture and the tenant. It is an
/// <see cref="IEmailData"/>, so <c>ComposeAndSendAsync</c>, <c>db.AddEmailAsync</c> and the outbox take it as it is.
/// </summary>
/// <remarks>Created by <see cref="EmailTemplateRenderer.Create{TTemplate, TModel}"/>. Rendering happens when the email is composed.</remarks>
public sealed class TemplatedEmail : IEmailData
{
    private readonly EmailTemplateRenderer _renderer;

    internal TemplatedEmail(EmailTemplateRenderer renderer, Type templateType, object? model, EmailAddress recipient, CultureInfo culture, string? tenant)
    {
        _renderer = renderer;
        TemplateType = templateType;
        Model = model;
        Recipient = recipient;
        Culture = culture;
        Tenant = tenant;
    }

    /// <summary>Gets the type of the template, a component derived from <see cref="EmailTemplate"/>.</summary>
    public Type TemplateType { get; }

    /// <summary>Gets the data the template shows.</summary>
    public object? Model { get; }

    /// <summary>Gets the recipient.</summary>
    public EmailAddress Recipient { get; }

    /// <summary>Gets the culture the email renders under: the recipient's.</summary>
    public CultureInfo Culture { get; }

    /// <summary>Gets the tenant whose theme the email takes, or <see langword="null"/> for the default.</summary>
    public string? Tenant { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="baseUrl"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="baseUrl"/> is not an absolute URL.</exception>
    /// <exception cref="InvalidOperationException">The template set no subject, or the theme has an invalid colour.</exception>
    public ValueTask<EmailContents> GetEmailContentsAsync(Uri baseUrl, CancellationToken cancellationToken = default) =>
        _renderer.RenderAsync(this, baseUrl, cancellationToken);
}
