using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hyperswitch.Email.Internal;

/// <summary>Serializes a <see cref="SecretString"/> as <c>"***"</c>, so that dumping options to JSON never leaks it.</summary>
internal sealed class SecretStringJsonConverter : JsonConverter<SecretString>
{
    public override SecretString? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return string.IsNullOrEmpty(text) ? null : new SecretString(text);
    }

    public override void Write(Utf8JsonWriter writer, SecretString value, JsonSerializerOptions options) =>
        writer.WriteStringValue(SecretString.Mask);
}
