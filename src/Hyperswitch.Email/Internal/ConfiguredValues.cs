using Hyperswitch.Email.Smtp;
using Microsoft.Extensions.Configuration;

namespace Hyperswitch.Email.Internal;

/// <summary>
/// The conversions the configuration-binding source generator cannot make, since it ignores <c>TypeConverter</c>s
/// (dotnet/runtime#83599): configuration binds these values as strings, and they are converted here, after binding,
/// with the messages the converters gave.
/// </summary>
internal static class ConfiguredValues
{
    /// <summary>A secret from its configured string: empty means not given.</summary>
    public static SecretString? Secret(string text) => string.IsNullOrEmpty(text) ? null : new SecretString(text);

    /// <summary>A connection mode from any of its spellings, or the binder's error naming the key.</summary>
    /// <exception cref="InvalidOperationException">The text is no connection mode; its inner <see cref="FormatException"/> lists the accepted ones.</exception>
    public static SmtpConnectionMode Connection(string text, string path) =>
        SmtpConnectionModeConverter.Parse(text) ?? throw new InvalidOperationException(
            $"Failed to convert configuration value at '{path}' to type '{typeof(SmtpConnectionMode)}'.",
            new FormatException(SmtpConnectionModeConverter.NotAConnectionMode(text)));

    /// <summary>The path of a key of <paramref name="section"/>, as the binder's messages give it.</summary>
    public static string PathOf(IConfiguration section, string key) =>
        section is IConfigurationSection { Path: var path } ? ConfigurationPath.Combine(path, key) : key;
}
