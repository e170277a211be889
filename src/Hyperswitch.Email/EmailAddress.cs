namespace Hyperswitch.Email;

/// <summary>An email address with an optional display name, such as <c>"Jane Doe" &lt;jane@example.com&gt;</c>.</summary>
/// <remarks>
/// The address is checked when the message is built, so that the error can name the field it came from
/// (<c>To[0]</c>, <c>Cc[1]</c>, ...). A string converts to an <see cref="EmailAddress"/> without a display name.
/// </remarks>
public sealed record EmailAddress
{
    /// <summary>Initializes a new instance of the <see cref="EmailAddress"/> class.</summary>
    /// <param name="address">The address, for example <c>jane@example.com</c>.</param>
    /// <param name="displayName">The display name, for example <c>Jane Doe</c>, or <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is <see langword="null"/>.</exception>
    public EmailAddress(string address, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        Address = address;
        DisplayName = displayName;
    }

    /// <summary>Gets the address, for example <c>jane@example.com</c>.</summary>
    public string Address { get; }

    /// <summary>Gets the display name, or <see langword="null"/> when there is none.</summary>
    public string? DisplayName { get; }

    /// <summary>Converts a bare address to an <see cref="EmailAddress"/> without a display name.</summary>
    /// <param name="address">The address, for example <c>jane@example.com</c>.</param>
    public static implicit operator EmailAddress(string address) => FromString(address);

    /// <summary>Creates an <see cref="EmailAddress"/> without a display name.</summary>
    /// <param name="address">The address, for example <c>jane@example.com</c>.</param>
    /// <returns>The email address.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is <see langword="null"/>.</exception>
    public static EmailAddress FromString(string address) => new(address);

    /// <inheritdoc />
    public override string ToString() => DisplayName is null ? Address : $"\"{DisplayName}\" <{Address}>";
}
