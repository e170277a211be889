using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Serialization;
using Hyperswitch.Email.Internal;

namespace Hyperswitch.Email;

/// <summary>A secret, such as an SMTP password, that never shows its value by accident.</summary>
/// <remarks>
/// <see cref="ToString"/>, the debugger and JSON serialization all show <c>***</c>; only <see cref="Expose"/> returns
/// the value. Configuration binds a string to a <see cref="SecretString"/>; an empty string binds to <see langword="null"/>.
/// </remarks>
[DebuggerDisplay("***")]
[TypeConverter(typeof(SecretStringConverter))]
[JsonConverter(typeof(SecretStringJsonConverter))]
public sealed class SecretString : IEquatable<SecretString>
{
    internal const string Mask = "***";

    private readonly string _value;

    /// <summary>Initializes a new instance of the <see cref="SecretString"/> class.</summary>
    /// <param name="value">The secret value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public SecretString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>Returns the secret value. Call it only where the value is used, never to log or display it.</summary>
    /// <returns>The secret value.</returns>
    public string Expose() => _value;

    /// <summary>Returns <c>***</c>, never the value.</summary>
    /// <returns>The string <c>***</c>.</returns>
    public override string ToString() => Mask;

    /// <inheritdoc />
    public bool Equals(SecretString? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SecretString);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);
}
