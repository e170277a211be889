using Hyperswitch.Email.Dkim;
using Hyperswitch.Email.Providers;
using Hyperswitch.Email.Smtp;

namespace Hyperswitch.Email;

/// <summary>The options of the email service, bound from the <c>Email</c> configuration section.</summary>
/// <remarks>They are validated at startup; every error names its configuration key, for example <c>Email:Smtp:Host</c>.</remarks>
public sealed partial class EmailOptions
{
    /// <summary>The name of the configuration section the options are bound from: <c>Email</c>.</summary>
    public const string SectionName = "Email";

    /// <summary>Gets or sets which client <c>services.AddEmail(configuration)</c> registers (<c>Email:ActiveEmailClient</c>).</summary>
    /// <value>
    /// The default is <see langword="null"/>: with <c>AddEmail</c>, <see cref="EmailClientKind.Smtp"/> when
    /// <c>Email:Smtp:Host</c> is set, otherwise <see cref="EmailClientKind.NoEmailClient"/> (Hyperswitch's default, which
    /// discards every email, with a Warning at startup); <c>AddSmtpEmail</c> always registers the SMTP client.
    /// </value>
    public EmailClientKind? ActiveEmailClient { get; set; }

    /// <summary>Gets or sets the folder of the pickup-directory client (<c>Email:PickupDirectory</c>).</summary>
    public PickupDirectoryOptions PickupDirectory { get; set; } = new();

    /// <summary>Gets or sets the address messages are sent from (<c>Email:SenderEmail</c>). Required.</summary>
    /// <value>The default is an empty string, which fails validation.</value>
    public string SenderEmail { get; set; } = string.Empty;

    /// <summary>Gets or sets the display name messages are sent from (<c>Email:SenderName</c>).</summary>
    /// <value>The default is <see langword="null"/>: the bare <see cref="SenderEmail"/>.</value>
    public string? SenderName { get; set; }

    /// <summary>Gets or sets the largest message, in bytes, that may be sent (<c>Email:MaxMessageSize</c>), checked before connecting.</summary>
    /// <value>The default is <see langword="null"/>: no limit of the library's own (the server's advertised SIZE still applies).</value>
    public long? MaxMessageSize { get; set; }

    /// <summary>Gets or sets the SMTP server options (<c>Email:Smtp</c>).</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Gets or sets DKIM signing (<c>Email:Dkim</c>).</summary>
    /// <value>The default is <see langword="null"/>: messages are not signed.</value>
    public DkimOptions? Dkim { get; set; }
}
