using System.ComponentModel;
using System.Globalization;

namespace Hyperswitch.Email.Internal;

/// <summary>Lets configuration bind a string to a <see cref="SecretString"/>; empty binds to <see langword="null"/> (not given).</summary>
internal sealed class SecretStringConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text
            ? (string.IsNullOrEmpty(text) ? null : new SecretString(text))
            : base.ConvertFrom(context, culture, value);

    // Converting back to a string must not reveal the value either.
    public override object? ConvertTo(ITypeDescriptorContext? context, CultureInfo? culture, object? value, Type destinationType) =>
        destinationType == typeof(string) && value is SecretString
            ? SecretString.Mask
            : base.ConvertTo(context, culture, value, destinationType);
}
