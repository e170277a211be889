using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace Hyperswitch.Email.Internal;

/// <summary>
/// The <c>Email</c> section as <see cref="EmailOptions"/> binds it: without the subsections that registered providers
/// bind themselves (<c>Email:Smtp</c>, …), so that an unknown key fails per section, each against its own options type.
/// </summary>
internal sealed class SectionWithoutProviders(IConfigurationSection section, IReadOnlyCollection<string> providerSections) : IConfigurationSection
{
    public string Key => section.Key;

    public string Path => section.Path;

    public string? Value
    {
        get => section.Value;
        set => section.Value = value;
    }

    public string? this[string key]
    {
        get => section[key];
        set => section[key] = value;
    }

    public IEnumerable<IConfigurationSection> GetChildren() =>
        section.GetChildren().Where(child => !providerSections.Contains(child.Key, StringComparer.OrdinalIgnoreCase));

    public IConfigurationSection GetSection(string key) => section.GetSection(key);

    public IChangeToken GetReloadToken() => section.GetReloadToken();
}
