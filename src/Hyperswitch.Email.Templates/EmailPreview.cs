using System.Globalization;

namespace Hyperswitch.Email.Templates;

/// <summary>
/// A template with sample data, for the preview page (<c>app.MapEmailPreviews()</c>): registered with
/// <c>services.AddEmailPreview&lt;TTemplate, TModel&gt;(name, model)</c>.
/// </summary>
public sealed class EmailPreview
{
    internal EmailPreview(string name, Type templateType, object? model)
    {
        Name = name;
        TemplateType = templateType;
        Model = model;
    }

    /// <summary>Gets the name the preview page lists it under, unique among previews.</summary>
    public string Name { get; }

    /// <summary>Gets the template.</summary>
    public Type TemplateType { get; }

    /// <summary>Gets the sample data.</summary>
    public object? Model { get; }

    /// <summary>Creates the email this preview shows.</summary>
    /// <param name="renderer">The renderer.</param>
    /// <param name="recipient">The recipient.</param>
    /// <param name="culture">The culture to render it under.</param>
    /// <param name="tenant">The tenant whose theme it takes, or <see langword="null"/> for the default.</param>
    /// <returns>The email.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="renderer"/> or <paramref name="recipient"/> is <see langword="null"/>.</exception>
    public TemplatedEmail CreateEmail(EmailTemplateRenderer renderer, EmailAddress recipient, CultureInfo? culture = null, string? tenant = null)
    {
        ArgumentNullException.ThrowIfNull(renderer);
        return renderer.Create(TemplateType, recipient, Model, culture, tenant);
    }
}
