using System.ComponentModel;

namespace Hyperswitch.Email;

/// <content>
/// Keys of Hyperswitch's <c>[email]</c> table that this library does not use. They are declared so that a Hyperswitch
/// configuration file binds unchanged, while a misspelt key of ours still fails at startup.
/// </content>
public sealed partial class EmailOptions
{
    /// <summary>Gets or sets Hyperswitch's <c>aws_region</c> (<c>Email:AwsRegion</c>). Read by the Amazon SES provider (the <c>Hyperswitch.Email.AmazonSes</c> package); not used otherwise.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public string? AwsRegion { get; set; }

    /// <summary>Gets or sets Hyperswitch's <c>allowed_unverified_days</c> (<c>Email:AllowedUnverifiedDays</c>). Not used by this library.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public int? AllowedUnverifiedDays { get; set; }

    /// <summary>Gets or sets Hyperswitch's <c>recon_recipient_email</c> (<c>Email:ReconRecipientEmail</c>). Not used by this library.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public string? ReconRecipientEmail { get; set; }

    /// <summary>Gets or sets Hyperswitch's <c>prod_intent_recipient_email</c> (<c>Email:ProdIntentRecipientEmail</c>). Not used by this library.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public string? ProdIntentRecipientEmail { get; set; }
}
