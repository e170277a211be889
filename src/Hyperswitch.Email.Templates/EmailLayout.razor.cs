namespace Hyperswitch.Email.Templates;

/// <summary>
/// The package's default email layout: a centred card on a tinted page, with the theme's logo or brand name, colours,
/// footer and support address; narrow-screen and dark-mode rules stay in <c>&lt;style&gt;</c>.
/// </summary>
/// <remarks>Used by templates that name no layout, unless <see cref="EmailTemplateOptions.DefaultLayout"/> names another.</remarks>
public sealed partial class EmailLayout;
