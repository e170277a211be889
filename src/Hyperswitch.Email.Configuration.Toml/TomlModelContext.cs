using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Hyperswitch.Email.Configuration.Toml;

/// <summary>Tomlyn's source-generated metadata for the untyped model, so that reading a file needs no reflection (trimmed and NativeAOT applications).</summary>
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class TomlModelContext : TomlSerializerContext;
