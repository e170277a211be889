using System.Diagnostics.Metrics;
using Hyperswitch.Email;
using Hyperswitch.Email.Suppressions;
using Hyperswitch.Email.Suppressions.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Extension methods for setting up the Hyperswitch email suppression list in an <see cref="IServiceCollection"/>.</summary>
public static class EmailSuppressionServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IEmailSuppressionList"/> on <typeparamref name="TContext"/>, the send hook that refuses mail to
    /// suppressed recipients on every provider and from the outbox (and records hard bounces), and the check that refuses
    /// enqueues to them, with options from the <c>EmailSuppressions</c> section of <paramref name="configuration"/>, validated at startup.
    /// </summary>
    /// <typeparam name="TContext">The application's context, registered with <c>AddDbContext</c>, whose <c>OnModelCreating</c> calls <c>modelBuilder.AddEmailSuppressions()</c>.</typeparam>
    /// <param name="services">The <see cref="IServiceCollection"/> to add services to.</param>
    /// <param name="configuration">The configuration whose <c>EmailSuppressions</c> section holds the options (it may be absent: the defaults apply).</param>
    /// <returns>The <see cref="IServiceCollection"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><c>AddEmail</c> (or <c>AddSmtpEmail</c>) was not called first.</exception>
    /// <remarks>A key the options do not have fails at startup. Calling this method more than once registers the services once.</remarks>
    public static IServiceCollection AddEmailSuppressions<TContext>(this IServiceCollection services, IConfiguration configuration)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (!services.Any(d => d.ServiceType == typeof(SuppressionSectionBinding)))
        {
            services.AddSingleton(new SuppressionSectionBinding());
            services.AddOptions<EmailSuppressionOptions>()
                .Bind(configuration.GetSection(EmailSuppressionOptions.SectionName), binder => binder.ErrorOnUnknownConfiguration = true);
        }

        return services.AddEmailSuppressionsCore<TContext>();
    }

    /// <summary>Registers the suppression list (see <see cref="AddEmailSuppressions{TContext}(IServiceCollection, IConfiguration)"/>) with the options <paramref name="configure"/> sets.</summary>
    /// <typeparam name="TContext">The application's context, whose <c>OnModelCreating</c> calls <c>modelBuilder.AddEmailSuppressions()</c>.</typeparam>
    /// <param name="services">The <see cref="IServiceCollection"/> to add services to.</param>
    /// <param name="configure">The delegate that sets the options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The <see cref="IServiceCollection"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><c>AddEmail</c> (or <c>AddSmtpEmail</c>) was not called first.</exception>
    public static IServiceCollection AddEmailSuppressions<TContext>(this IServiceCollection services, Action<EmailSuppressionOptions>? configure = null)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        if (configure is not null)
        {
            services.AddOptions<EmailSuppressionOptions>().Configure(configure);
        }

        return services.AddEmailSuppressionsCore<TContext>();
    }

    private static IServiceCollection AddEmailSuppressionsCore<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        services.AddOptions<EmailSuppressionOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailSuppressionOptions>, EmailSuppressionOptionsValidator>());
        services.TryAddSingleton(provider => new SuppressionTelemetry(provider.GetService<IMeterFactory>()));
        services.TryAddSingleton<IEmailSuppressionList, EmailSuppressionList<TContext>>();
        services.TryAddSingleton<SuppressionGuard>();
        services.AddEmailSendHook<SuppressionSendHook>();
        DecorateComposer(services);
        return services;
    }

    /// <summary>Wraps the registered <see cref="IEmailComposer"/> (once), so that enqueues are checked too.</summary>
    private static void DecorateComposer(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ComposerDecorated)))
        {
            return;
        }

        var existing = services.LastOrDefault(d => d.ServiceType == typeof(IEmailComposer))
            ?? throw new InvalidOperationException("Call services.AddEmail(configuration) (or AddSmtpEmail) before AddEmailSuppressions: the suppression check wraps the email composer it registers.");
        services.Remove(existing);
        services.AddSingleton(new ComposerDecorated());
        services.AddSingleton<IEmailComposer>(provider => new SuppressionCheckingComposer(Create(provider, existing), provider.GetRequiredService<SuppressionGuard>()));

        static IEmailComposer Create(IServiceProvider provider, ServiceDescriptor descriptor) =>
            (IEmailComposer)(descriptor.ImplementationInstance
                ?? descriptor.ImplementationFactory?.Invoke(provider)
                ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!));
    }

    /// <summary>Marks that the <c>EmailSuppressions</c> section is bound.</summary>
    private sealed class SuppressionSectionBinding;

    /// <summary>Marks that the composer is wrapped.</summary>
    private sealed class ComposerDecorated;
}
