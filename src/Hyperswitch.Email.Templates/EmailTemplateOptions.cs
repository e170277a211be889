namespace Hyperswitch.Email.Templates;

/// <summary>Options for rendering email templates, set in code: <c>services.Configure&lt;EmailTemplateOptions&gt;(...)</c>.</summary>
public sealed class EmailTemplateOptions
{
    /// <summary>Gets or sets the layout of templates that name none with <c>@layout</c>, a component derived from <see cref="EmailLayoutBase"/>.</summary>
    /// <value>The default is <see cref="EmailLayout"/>, the package's own layout, themed by <see cref="EmailTheme"/>.</value>
    /// <remarks>ASP.NET Core Identity's templates name no layout, so that they take the application's.</remarks>
    public Type? DefaultLayout { get; set; } = typeof(EmailLayout);
}
