using Hyperswitch.Email.Suppressions.Bounces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Extension methods for reading bounces and complaints from an IMAP mailbox.</summary>
public static class EmailBounceProcessingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IEmailBounceProcessor"/> on <typeparamref name="TContext"/> and the background service that
    /// calls it every <c>EmailBounces:PollInterval</c>, with options from the <c>EmailBounces</c> section of
    /// <paramref name="configuration"/>, validated at startup. <c>AddEmailSuppressions&lt;TContext&gt;</c> must register the list.
    /// </summary>
    /// <typeparam name="TContext">The application's context, with the suppression list (and, to mark its rows, the outbox) in its model.</typeparam>
    /// <param name="services">The <see cref="IServiceCollection"/> to add services to.</param>
    /// <param name="configuration">The configuration whose <c>EmailBounces</c> section holds the options.</param>
    /// <returns>The <see cref="IServiceCollection"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddEmailBounceProcessing<TContext>(this IServiceCollection services, IConfiguration configuration)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (!services.Any(d => d.ServiceType == typeof(BounceSectionBinding)))
        {
            services.AddSingleton(new BounceSectionBinding());
            services.AddOptions<EmailBounceMailboxOptions>()
                .Bind(configuration.GetSection(EmailBounceMailboxOptions.SectionName), binder => binder.ErrorOnUnknownConfiguration = true);
        }

        services.AddOptions<EmailBounceMailboxOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailBounceMailboxOptions>, EmailBounceMailboxOptionsValidator>());
        services.TryAddSingleton<IEmailBounceProcessor, EmailBounceProcessor<TContext>>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EmailBounceProcessorService>());
        return services;
    }

    /// <summary>Marks that the <c>EmailBounces</c> section is bound.</summary>
    private sealed class BounceSectionBinding;
}
