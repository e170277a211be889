using Hyperswitch.Email;
using Hyperswitch.Email.EntityFrameworkCore;
using Hyperswitch.Email.EntityFrameworkCore.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Extension methods for setting up the Hyperswitch email outbox in an <see cref="IServiceCollection"/>.</summary>
public static class EmailOutboxServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IEmailOutbox"/> on <typeparamref name="TContext"/> and the hosted dispatcher that delivers
    /// the outbox through the provider <c>Email:ActiveEmailClient</c> chose (<see cref="PreparedEmailSender"/>), with options from the <c>EmailOutbox</c> section of
    /// <paramref name="configuration"/>, validated at startup.
    /// </summary>
    /// <typeparam name="TContext">The application's context, registered with <c>AddDbContext</c>, whose <c>OnModelCreating</c> calls <c>modelBuilder.AddEmailOutbox()</c>.</typeparam>
    /// <param name="services">The <see cref="IServiceCollection"/> to add services to.</param>
    /// <param name="configuration">The configuration whose <c>EmailOutbox</c> section holds the options (it may be absent: the defaults apply).</param>
    /// <returns>The <see cref="IServiceCollection"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    /// <remarks>A key the options do not have fails at startup. <c>AddSmtpEmail</c> or <c>AddEmail</c> must register the email service and its providers.</remarks>
    public static IServiceCollection AddEmailOutbox<TContext>(this IServiceCollection services, IConfiguration configuration)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EmailOutboxOptions>()
            .Bind(configuration.GetSection(EmailOutboxOptions.SectionName), binder => binder.ErrorOnUnknownConfiguration = true);
        return services.AddEmailOutboxCore<TContext>();
    }

    /// <summary>
    /// Registers <see cref="IEmailOutbox"/> on <typeparamref name="TContext"/> and the hosted dispatcher that delivers
    /// the outbox through the provider <c>Email:ActiveEmailClient</c> chose (<see cref="PreparedEmailSender"/>), with the options <paramref name="configure"/> sets.
    /// </summary>
    /// <typeparam name="TContext">The application's context, registered with <c>AddDbContext</c>, whose <c>OnModelCreating</c> calls <c>modelBuilder.AddEmailOutbox()</c>.</typeparam>
    /// <param name="services">The <see cref="IServiceCollection"/> to add services to.</param>
    /// <param name="configure">The delegate that sets the options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The <see cref="IServiceCollection"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddEmailOutbox<TContext>(this IServiceCollection services, Action<EmailOutboxOptions>? configure = null)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        if (configure is not null)
        {
            services.AddOptions<EmailOutboxOptions>().Configure(configure);
        }

        return services.AddEmailOutboxCore<TContext>();
    }

    /// <summary>Adds a health check that reports a backlog when the oldest pending email has waited longer than <paramref name="maxPendingAge"/>.</summary>
    /// <param name="builder">The <see cref="IHealthChecksBuilder"/>.</param>
    /// <param name="maxPendingAge">How long the oldest pending email may wait; <see langword="null"/> for 5 minutes.</param>
    /// <param name="name">The name of the check.</param>
    /// <param name="failureStatus">The status to report for a backlog or an unreadable outbox; <see langword="null"/> for <see cref="HealthStatus.Degraded"/>.</param>
    /// <param name="tags">Tags to filter the check by.</param>
    /// <returns>The <see cref="IHealthChecksBuilder"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IHealthChecksBuilder AddEmailOutbox(
        this IHealthChecksBuilder builder,
        TimeSpan? maxPendingAge = null,
        string name = "email_outbox",
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var age = maxPendingAge ?? TimeSpan.FromMinutes(5);
        return builder.Add(new HealthCheckRegistration(
            name,
            provider => new EmailOutboxHealthCheck(provider.GetRequiredService<IEmailOutbox>(), age),
            failureStatus ?? HealthStatus.Degraded,
            tags));
    }

    private static IServiceCollection AddEmailOutboxCore<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(IEmailOutbox)) is { ImplementationType: { } existing } && existing != typeof(EmailOutbox<TContext>))
        {
            throw new InvalidOperationException(
                $"The email outbox is already registered on {existing.GetGenericArguments()[0].Name}; an application has one outbox, in one context (not {typeof(TContext).Name} too).");
        }

        services.AddOptions<EmailOutboxOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOutboxOptions>, EmailOutboxOptionsValidator>());
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<OutboxTelemetry>();
        services.TryAddSingleton<IEmailOutbox, EmailOutbox<TContext>>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EmailOutboxDispatcher<TContext>>());
        return services;
    }
}
