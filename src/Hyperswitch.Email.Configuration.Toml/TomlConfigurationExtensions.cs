using Hyperswitch.Email.Configuration.Toml;
using Microsoft.Extensions.FileProviders;

namespace Microsoft.Extensions.Configuration;

/// <summary>Extension methods for adding a TOML file (such as Hyperswitch's <c>config/docker_compose.toml</c>) to an <see cref="IConfigurationBuilder"/>.</summary>
public static class TomlConfigurationExtensions
{
    /// <summary>
    /// Adds the TOML file at <paramref name="path"/>. Keys become PascalCase (<c>[email.smtp] sender_email</c> is
    /// <c>Email:Smtp:SenderEmail</c>), so Hyperswitch's <c>[email]</c> tables bind to <c>AddEmail</c> as they are.
    /// </summary>
    /// <param name="builder">The <see cref="IConfigurationBuilder"/> to add to.</param>
    /// <param name="path">The path of the file, relative to the base path of <paramref name="builder"/>.</param>
    /// <param name="optional">Whether a missing file is allowed.</param>
    /// <param name="reloadOnChange">Whether the configuration reloads when the file changes.</param>
    /// <returns>The <see cref="IConfigurationBuilder"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or white space.</exception>
    public static IConfigurationBuilder AddTomlFile(this IConfigurationBuilder builder, string path, bool optional = false, bool reloadOnChange = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Add(builder, fileProvider: null, path, optional, reloadOnChange);
    }

    /// <summary>Adds a TOML file read through <paramref name="fileProvider"/>.</summary>
    /// <param name="builder">The <see cref="IConfigurationBuilder"/> to add to.</param>
    /// <param name="fileProvider">The provider to read the file with.</param>
    /// <param name="path">The path of the file within <paramref name="fileProvider"/>.</param>
    /// <param name="optional">Whether a missing file is allowed.</param>
    /// <param name="reloadOnChange">Whether the configuration reloads when the file changes.</param>
    /// <returns>The <see cref="IConfigurationBuilder"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="fileProvider"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or white space.</exception>
    public static IConfigurationBuilder AddTomlFile(this IConfigurationBuilder builder, IFileProvider fileProvider, string path, bool optional, bool reloadOnChange)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(fileProvider);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Add(builder, fileProvider, path, optional, reloadOnChange);
    }

    private static IConfigurationBuilder Add(IConfigurationBuilder builder, IFileProvider? fileProvider, string path, bool optional, bool reloadOnChange) =>
        builder.Add<TomlConfigurationSource>(source =>
        {
            source.FileProvider = fileProvider;
            source.Path = path;
            source.Optional = optional;
            source.ReloadOnChange = reloadOnChange;

            // Without a provider, the file's folder becomes one (and a relative path stays relative to the base path).
            if (fileProvider is null)
            {
                source.ResolveFileProvider();
            }
        });
}
