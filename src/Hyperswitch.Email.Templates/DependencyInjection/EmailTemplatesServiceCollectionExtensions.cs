using Hyperswitch.Email.Templates;
using Hyperswitch.Email.Templates.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Extension methods for rendering emails from Razor templates with Hyperswitch.Email.</summary>
public static class EmailTemplatesServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="EmailTemplateRenderer"/>, localization (<c>IStringLocalizer&lt;T&gt;</c>) and the default
    /// <see cref="IEmailThemeProvider"/>: one <see cref="EmailTheme"/> bound from the <c>EmailTheme</c> section of
    /// <paramref name="configuration"/>, validated at startup.
    /// </summary>
    /// <param name="services">The <see cref="IServiceCollection"/> to add services to.</param>
    /// <param name="configuration">The configuration whose <c>EmailTheme</c> section holds the theme, usually the application's root configuration.</param>
    /// <returns>The <see cref="IServiceCollection"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// A missing section leaves the theme's defaults. An <see cref="IEmailThemeProvider"/> registered before (or with
    /// <see cref="AddEmailThemeProvider{TProvider}"/>) is kept. Calling this method more than once registers the services once.
    /// </remarks>
    public static IServiceCollection AddEmailTemplates(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        if (!services.Any(d => d.ServiceType == typeof(EmailThemeSectionMarker)))
        {
            services.AddSingleton<EmailThemeSectionMarker>();
            services.AddOptions<EmailTheme>()
                .Bind(configuration.GetSection(EmailThemeValidator.SectionName), binder => binder.ErrorOnUnknownConfiguration = true)
                .ValidateOnStart();
        }

        return services.AddEmailTemplatesCore();
    }

    /// <summary>
    /// Registers <see cref="EmailTemplateRenderer"/> with the default theme (or the <see cref="IEmailThemeProvider"/>
    /// registered before), for a library that renders templates without owning the configuration.
    /// </summary>
    /// <param name="services">The <see cref="IServiceCollection"/> to add services to.</param>
    /// <returns>The <see cref="IServiceCollection"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <remarks>Calling this method more than once, or with <see cref="AddEmailTemplates(IServiceCollection, IConfiguration)"/>, registers the services once.</remarks>
    public static IServiceCollection AddEmailTemplates(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddEmailTemplatesCore();
    }

    /// <summary>Registers <typeparamref name="TProvider"/> as the <see cref="IEmailThemeProvider"/>, in place of the default: themes per tenant.</summary>
    /// <typeparam name="TProvider">The provider, a thread-safe singleton.</typeparam>
    /// <param name="services">The <see cref="IServiceCollection"/> to add services to.</param>
    /// <returns>The <see cref="IServiceCollection"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddEmailThemeProvider<TProvider>(this IServiceCollection services)
        where TProvider : class, IEmailThemeProvider
    {
        ArgumentNullException.ThrowIfNull(services);
        services.Replace(ServiceDescriptor.Singleton<IEmailThemeProvider, TProvider>());
        return services;
    }

    /// <summary>
    /// Registers a preview of <typeparamref name="TTemplate"/> with sample data, listed by the preview page
    /// (<c>app.MapEmailPreviews()</c>).
    /// </summary>
    /// <typeparam name="TTemplate">The template.</typeparam>
    /// <typeparam name="TModel">The type of its data.</typeparam>
    /// <param name="services">The <see cref="IServiceCollection"/> to add services to.</param>
    /// <param name="name">The name the page lists the preview under, for example <c>Verify email</c>; unique.</param>
    /// <param name="model">The sample data.</param>
    /// <returns>The <see cref="IServiceCollection"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, or a preview of that name is registered already.</exception>
    public static IServiceCollection AddEmailPreview<TTemplate, TModel>(this IServiceCollection services, string name, TModel model)
        where TTemplate : EmailTemplate<TModel>
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (services.Any(d => d.ServiceType == typeof(EmailPreview) && d.ImplementationInstance is EmailPreview preview && preview.Name == name))
        {
            throw new ArgumentException($"An email preview named '{name}' is registered already.", nameof(name));
        }

        services.AddSingleton(new EmailPreview(name, typeof(TTemplate), model));
        return services;
    }

    private static IServiceCollection AddEmailTemplatesCore(this IServiceCollection services)
    {
        // As AddLocalization registers it, but without requiring logging: a service collection without AddLogging
        // (a test, a console tool) still renders. AddLocalization registers with TryAdd, so the first registration wins.
        services.TryAddSingleton<IStringLocalizerFactory>(provider => new ResourceManagerStringLocalizerFactory(
            provider.GetRequiredService<IOptions<LocalizationOptions>>(),
            provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        services.AddLocalization();
        services.AddOptions<EmailTemplateOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailTheme>, EmailThemeValidator>());
        services.TryAddSingleton<IEmailThemeProvider, ConfiguredEmailThemeProvider>();
        services.TryAddSingleton(provider => new EmailHtmlRenderer(provider, provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        services.TryAddSingleton(provider => new EmailTemplateRenderer(
            provider.GetRequiredService<EmailHtmlRenderer>(),
            provider.GetRequiredService<IEmailThemeProvider>(),
            provider.GetRequiredService<IOptionsMonitor<EmailTemplateOptions>>()));
        return services;
    }

    /// <summary>Marks that the <c>EmailTheme</c> section is bound, so that a second call does not bind it twice.</summary>
    private sealed class EmailThemeSectionMarker;
}
