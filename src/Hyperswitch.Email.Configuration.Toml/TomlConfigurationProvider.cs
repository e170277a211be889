using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Tomlyn;
using Tomlyn.Model;

namespace Hyperswitch.Email.Configuration.Toml;

/// <summary>
/// Reads a TOML file into configuration keys: tables become sections, arrays indexes, and every snake_case name
/// PascalCase (<c>[email.smtp] sender_email</c> becomes <c>Email:Smtp:SenderEmail</c>), so that Hyperswitch's
/// files bind to .NET options without renaming anything.
/// </summary>
public sealed class TomlConfigurationProvider : FileConfigurationProvider
{
    /// <summary>Initializes a new instance of the <see cref="TomlConfigurationProvider"/> class.</summary>
    /// <param name="source">The source.</param>
    public TomlConfigurationProvider(TomlConfigurationSource source)
        : base(source)
    {
    }

    /// <summary>Loads the TOML text of <paramref name="stream"/>.</summary>
    /// <param name="stream">The file's content.</param>
    /// <exception cref="FormatException">The file is not valid TOML; the message has the line and column.</exception>
    public override void Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = reader.ReadToEnd();
        TomlTable table;
        try
        {
            table = TomlSerializer.Deserialize(text, TomlModelContext.Default.TomlTable) ?? new TomlTable();
        }
        catch (TomlException exception)
        {
            throw new FormatException($"The TOML file {Source.Path} is not valid: {exception.Message}", exception);
        }

        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Flatten(table, prefix: null, data);
        Data = data;
    }

    /// <summary>Turns <c>sender_email</c> into <c>SenderEmail</c>; a name without underscores only gets a capital first letter.</summary>
    /// <param name="name">The TOML key.</param>
    /// <returns>The configuration key segment.</returns>
    public static string ToPascalCase(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length);
        foreach (var word in name.Split('_', '-'))
        {
            if (word.Length > 0)
            {
                builder.Append(char.ToUpperInvariant(word[0])).Append(word.AsSpan(1));
            }
        }

        return builder.Length == 0 ? name : builder.ToString();
    }

    private static void Flatten(object? value, string? prefix, Dictionary<string, string?> data)
    {
        switch (value)
        {
            case TomlTable table:
                foreach (var (key, child) in table)
                {
                    Flatten(child, Combine(prefix, ToPascalCase(key)), data);
                }

                break;
            case TomlTableArray tables:
                for (var i = 0; i < tables.Count; i++)
                {
                    Flatten(tables[i], Combine(prefix, i.ToString(CultureInfo.InvariantCulture)), data);
                }

                break;
            case TomlArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Flatten(array[i], Combine(prefix, i.ToString(CultureInfo.InvariantCulture)), data);
                }

                break;
            case null:
                break;
            default:
                data[prefix!] = value switch
                {
                    bool flag => flag ? "true" : "false",
                    IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                    _ => value.ToString(),
                };
                break;
        }
    }

    private static string Combine(string? prefix, string key) => prefix is null ? key : ConfigurationPath.Combine(prefix, key);
}
