using Hyperswitch.Email.Suppressions.AspNetCore;
using Hyperswitch.Email.Suppressions.AspNetCore.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Extension methods for setting up one-click unsubscribe in an <see cref="IServiceCollection"/>.</summary>
public static class EmailUnsubscribeServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IEmailUnsubscribeLinks"/> and ASP.NET Core Data Protection, with options from the
    /// <c>EmailUnsubscribe</c> section of <paramref name="configuration"/>, validated at startup. Map the endpoint with
    /// <c>app.MapEmailUnsubscribe()</c>; <c>AddEmailSuppressions</c> must register the list it writes to.
    /// </summary>
    /// <param name="services">The <see cref="IServiceCollection"/> to add services to.</param>
    /// <param name="configuration">The configuration whose <c>EmailUnsubscribe</c> section holds the options.</param>
    /// <returns>The <see cref="IServiceCollection"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// The tokens are only as durable as the Data Protection keys: persist them (<c>PersistKeysToFileSystem</c>, a
    /// database, a key vault) and share them across instances, or links stop working when the keys are lost. Calling
    /// this method more than once registers the services once.
    /// </remarks>
    public static IServiceCollection AddEmailUnsubscribe(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (!services.Any(d => d.ServiceType == typeof(UnsubscribeSectionBinding)))
        {
            services.AddSingleton(new UnsubscribeSectionBinding());
            services.AddOptions<EmailUnsubscribeOptions>()
                .Bind(configuration.GetSection(EmailUnsubscribeOptions.SectionName), binder => binder.ErrorOnUnknownConfiguration = true);
        }

        return services.AddEmailUnsubscribeCore();
    }

    /// <summary>Registers one-click unsubscribe (see <see cref="AddEmailUnsubscribe(IServiceCollection, IConfiguration)"/>) with the options <paramref name="configure"/> sets.</summary>
    /// <param name="services">The <see cref="IServiceCollection"/> to add services to.</param>
    /// <param name="configure">The delegate that sets the options.</param>
    /// <returns>The <see cref="IServiceCollection"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddEmailUnsubscribe(this IServiceCollection services, Action<EmailUnsubscribeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<EmailUnsubscribeOptions>().Configure(configure);
        return services.AddEmailUnsubscribeCore();
    }

    private static IServiceCollection AddEmailUnsubscribeCore(this IServiceCollection services)
    {
        services.AddDataProtection();
        services.AddOptions<EmailUnsubscribeOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailUnsubscribeOptions>, EmailUnsubscribeOptionsValidator>());
        services.TryAddSingleton<UnsubscribeTokens>();
        services.TryAddSingleton<IEmailUnsubscribeLinks>(provider => provider.GetRequiredService<UnsubscribeTokens>());
        return services;
    }

    /// <summary>Marks that the <c>EmailUnsubscribe</c> section is bound.</summary>
    private sealed class UnsubscribeSectionBinding;
}
