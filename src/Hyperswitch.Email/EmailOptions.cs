using Hyperswitch.Email.Dkim;

namespace Hyperswitch.Email;

/// <summary>The options every provider shares (sender, size limit, DKIM, which provider sends), bound from the <c>Email</c> configuration section.</summary>
/// <remarks>
/// They are validated at startup; every error names its configuration key, for example <c>Email:SenderEmail</c>. Each
/// provider binds and validates its own subsection with its own options type (<c>Email:Smtp</c>: <see cref="Smtp.SmtpOptions"/>);
/// a key that neither these options nor a registered provider's section has fails at startup.
/// </remarks>
public sealed partial class EmailOptions
{
    /// <summary>The name of the configuration section the options are bound from: <c>Email</c>.</summary>
    public const string SectionName = "Email";

    /// <summary>
    /// Gets or sets the name of the provider that sends email (<c>Email:ActiveEmailClient</c>), among those registered
    /// with <c>services.AddEmail(configuration)</c> (<c>.AddSmtp()</c>, <c>.AddPickupDirectory()</c>, or a provider package).
    /// Names match case-insensitively, ignoring <c>_</c> and <c>-</c>: Hyperswitch's <c>SMTP</c>, <c>SES</c> and
    /// <c>NO_EMAIL_CLIENT</c> (see <see cref="EmailProviderNames"/>).
    /// </summary>
    /// <value>
    /// The default is <see langword="null"/>: the one provider registered, or <c>NO_EMAIL_CLIENT</c> (which discards every
    /// email, with a Warning at startup) when none is; with several registered it must be set.
    /// </value>
    public string? ActiveEmailClient { get; set; }

    /// <summary>Gets or sets the address messages are sent from (<c>Email:SenderEmail</c>). Required.</summary>
    /// <value>The default is an empty string, which fails validation.</value>
    public string SenderEmail { get; set; } = string.Empty;

    /// <summary>Gets or sets the display name messages are sent from (<c>Email:SenderName</c>).</summary>
    /// <value>The default is <see langword="null"/>: the bare <see cref="SenderEmail"/>.</value>
    public string? SenderName { get; set; }

    /// <summary>Gets or sets the largest message, in bytes, that may be sent (<c>Email:MaxMessageSize</c>), checked before connecting.</summary>
    /// <value>The default is <see langword="null"/>: no limit of the library's own (the server's advertised SIZE still applies).</value>
    public long? MaxMessageSize { get; set; }

    /// <summary>Gets or sets DKIM signing (<c>Email:Dkim</c>).</summary>
    /// <value>The default is <see langword="null"/>: messages are not signed.</value>
    public DkimOptions? Dkim { get; set; }

    /// <summary>Gets or sets the staging redirect (<c>Email:Redirect</c>): every email to one address instead of its recipients.</summary>
    /// <value>The default is <see langword="null"/>: emails go to their recipients.</value>
    public EmailRedirectOptions? Redirect { get; set; }

    /// <summary>Gets or sets the application's sending rate (<c>Email:RateLimit</c>): at most so many messages per period, spaced evenly.</summary>
    /// <value>The default is <see langword="null"/>: no limit of the application's own (a throttling reply from the provider still slows sending down).</value>
    public EmailRateLimitOptions? RateLimit { get; set; }
}
