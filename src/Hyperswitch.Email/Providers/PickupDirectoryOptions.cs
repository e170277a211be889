namespace Hyperswitch.Email.Providers;

/// <summary>Where the pickup-directory client writes messages (<c>Email:PickupDirectory</c>).</summary>
public sealed class PickupDirectoryOptions
{
    /// <summary>Gets or sets the folder to write <c>.eml</c> files into (<c>Email:PickupDirectory:Path</c>); it is created if missing.</summary>
    public string Path { get; set; } = string.Empty;
}
