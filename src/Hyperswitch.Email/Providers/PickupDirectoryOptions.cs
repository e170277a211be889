namespace Hyperswitch.Email.Providers;

/// <summary>Where the pickup-directory client writes messages (<c>Email:PickupDirectory</c>).</summary>
public sealed class PickupDirectoryOptions
{
    /// <summary>The name of the subsection of <c>Email</c> the options are bound from: <c>PickupDirectory</c>.</summary>
    public const string SectionName = "PickupDirectory";

    /// <summary>Gets or sets the folder to write <c>.eml</c> files into (<c>Email:PickupDirectory:Path</c>); it is created if missing.</summary>
    public string Path { get; set; } = string.Empty;
}
