namespace Hyperswitch.Email;

/// <summary>
/// The names <c>Email:ActiveEmailClient</c> chooses a provider by. Names match case-insensitively, ignoring <c>_</c>
/// and <c>-</c>, so Hyperswitch's <c>NO_EMAIL_CLIENT</c> and <c>NoEmailClient</c> are the same name.
/// </summary>
public static class EmailProviderNames
{
    /// <summary>The SMTP provider, <c>SMTP</c>: <c>services.AddEmail(configuration).AddSmtp()</c>, configured in <c>Email:Smtp</c>.</summary>
    public const string Smtp = "SMTP";

    /// <summary>
    /// The Amazon SES API provider, <c>SES</c>, from the <c>Hyperswitch.Email.AmazonSes</c> package. SES's SMTP
    /// endpoint is reached with <see cref="Smtp"/> instead.
    /// </summary>
    public const string Ses = "SES";

    /// <summary>The provider that accepts and discards every message, <c>NO_EMAIL_CLIENT</c>; always registered, Hyperswitch's default.</summary>
    public const string NoEmailClient = "NO_EMAIL_CLIENT";

    /// <summary>The provider that writes each message as an <c>.eml</c> file, <c>PickupDirectory</c>: <c>.AddPickupDirectory()</c>, configured in <c>Email:PickupDirectory</c>.</summary>
    public const string PickupDirectory = "PickupDirectory";

    /// <summary>Gets whether two provider names are the same name: case-insensitive, with <c>_</c>, <c>-</c> and surrounding spaces ignored.</summary>
    /// <param name="name">A provider name.</param>
    /// <param name="other">Another provider name.</param>
    /// <returns><see langword="true"/> when both name the same provider.</returns>
    public static bool AreSame(string? name, string? other) =>
        name is not null && other is not null && string.Equals(Normalize(name), Normalize(other), StringComparison.Ordinal);

    private static string Normalize(string name) =>
        string.Concat(name.Trim().Where(c => c is not ('_' or '-')).Select(char.ToUpperInvariant));
}
