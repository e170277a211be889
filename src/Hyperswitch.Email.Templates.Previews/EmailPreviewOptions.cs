namespace Hyperswitch.Email.Templates.Previews;

/// <summary>Options of the preview page, set where it is mapped: <c>app.MapEmailPreviews("/emails", options => ...)</c>.</summary>
public sealed class EmailPreviewOptions
{
    /// <summary>Gets or sets the base URL that links in the previewed emails are built on, and that the checks compare links with.</summary>
    /// <value>The default is <see langword="null"/>: the URL the page is served from (its scheme, host and path base).</value>
    public Uri? BaseUrl { get; set; }

    /// <summary>Gets the cultures the page offers, the first one shown by default, for example <c>en</c> and <c>de</c>.</summary>
    /// <value>The default is <c>en</c> alone.</value>
    public IList<string> Cultures { get; } = ["en"];

    /// <summary>Gets the tenants the page offers besides the default theme, each passed to the <see cref="IEmailThemeProvider"/>.</summary>
    /// <value>The default is empty: only the default theme.</value>
    public IList<string> Tenants { get; } = [];

    /// <summary>Gets or sets the recipient the previewed emails are rendered for.</summary>
    /// <value>The default is <c>preview@example.com</c>.</value>
    public string SampleRecipient { get; set; } = "preview@example.com";

    /// <summary>Gets or sets a value indicating whether the page may be mapped outside the Development environment.</summary>
    /// <value>
    /// The default is <see langword="false"/>: anywhere else <c>MapEmailPreviews</c> throws. The page shows sample data and
    /// sends email to any address it is given; protect it (for example with <c>RequireAuthorization</c>) before enabling it.
    /// </value>
    public bool EnableOutsideDevelopment { get; set; }
}
