using Microsoft.Extensions.Configuration;

namespace Hyperswitch.Email.Configuration.Toml;

/// <summary>A TOML file as an <see cref="IConfigurationSource"/>; see <c>AddTomlFile</c>.</summary>
public sealed class TomlConfigurationSource : FileConfigurationSource
{
    /// <summary>Builds the <see cref="TomlConfigurationProvider"/> for this source.</summary>
    /// <param name="builder">The <see cref="IConfigurationBuilder"/>.</param>
    /// <returns>A <see cref="TomlConfigurationProvider"/>.</returns>
    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new TomlConfigurationProvider(this);
    }
}
