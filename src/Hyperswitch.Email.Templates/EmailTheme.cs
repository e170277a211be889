namespace Hyperswitch.Email.Templates;

/// <summary>
/// The look of a brand's emails: its name, logo, colours, footer and support address, available to every layout and
/// template as <c>Email.Theme</c>.
/// </summary>
/// <remarks>
/// The default <see cref="IEmailThemeProvider"/> returns one theme, bound from the <c>EmailTheme</c> configuration section
/// and validated at startup. Colours are written into CSS, so they must be hex colours such as <c>#0069ed</c>: anything
/// else is refused, whichever provider returned the theme.
/// </remarks>
public sealed class EmailTheme
{
    /// <summary>Gets or sets the brand name, shown in the header and the footer (<c>EmailTheme:BrandName</c>).</summary>
    /// <value>The default is <c>"Hyperswitch"</c>.</value>
    public string BrandName { get; set; } = "Hyperswitch";

    /// <summary>Gets or sets the URL of the logo (<c>EmailTheme:LogoUrl</c>): absolute, or relative to the base URL of the links.</summary>
    /// <value>The default is <see langword="null"/>: the header shows the brand name as text.</value>
    public Uri? LogoUrl { get; set; }

    /// <summary>Gets or sets the colour of buttons and links (<c>EmailTheme:PrimaryColor</c>), a hex colour.</summary>
    /// <value>The default is <c>#0069ed</c>.</value>
    public string PrimaryColor { get; set; } = "#0069ed";

    /// <summary>Gets or sets the colour of the text on buttons (<c>EmailTheme:PrimaryTextColor</c>), a hex colour.</summary>
    /// <value>The default is <c>#ffffff</c>.</value>
    public string PrimaryTextColor { get; set; } = "#ffffff";

    /// <summary>Gets or sets the colour of the page around the card (<c>EmailTheme:BackgroundColor</c>), a hex colour.</summary>
    /// <value>The default is <c>#f4f5f7</c>.</value>
    public string BackgroundColor { get; set; } = "#f4f5f7";

    /// <summary>Gets or sets the colour of the text (<c>EmailTheme:TextColor</c>), a hex colour.</summary>
    /// <value>The default is <c>#1f2933</c>.</value>
    public string TextColor { get; set; } = "#1f2933";

    /// <summary>Gets or sets the footer line, as text (<c>EmailTheme:Footer</c>).</summary>
    /// <value>The default is <see langword="null"/>: no footer line besides the brand name.</value>
    public string? Footer { get; set; }

    /// <summary>Gets or sets the address that recipients can write to for help (<c>EmailTheme:SupportAddress</c>).</summary>
    /// <value>The default is <see langword="null"/>: no support line.</value>
    public string? SupportAddress { get; set; }
}
