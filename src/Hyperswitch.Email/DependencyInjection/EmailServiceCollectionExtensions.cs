using System.Diagnostics.Metrics;
using Hyperswitch.Email;
using Hyperswitch.Email.Internal;
using Hyperswitch.Email.Providers;
using Hyperswitch.Email.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Extension methods for setting up the Hyperswitch email service in an <see cref="IServiceCollection"/>.</summary>
public static class EmailServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IEmailClient"/>, sending through the SMTP server configured in the <c>Email</c> section of
    /// <paramref name="configuration"/>, with options validated at startup.
    /// </summary>
    /// <param name="services">The <see cref="IServiceCollection"/> to add services to.</param>
    /// <param name="configuration">The configuration whose <c>Email</c> section holds the options, usually the application's root configuration.</param>
    /// <returns>The <see cref="IServiceCollection"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// A key the options do not have (a typo such as <c>Email:Smtp:Hots</c>) fails at startup, like an invalid value, and
    /// so does an <c>Email:ActiveEmailClient</c> other than <c>SMTP</c> or <c>SES</c>: this method always sends through SMTP.
    /// Changes to the configuration apply to the next send. Calling this method more than once registers the services once.
    /// </remarks>
    public static IServiceCollection AddSmtpEmail(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var section = configuration.GetSection(EmailOptions.SectionName);
        services.AddOptions<EmailOptions>()
            .Bind(section, binder => binder.ErrorOnUnknownConfiguration = true);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>>(new SmtpRegistrationValidator(section)));
        return services.AddSmtpEmailCore();
    }

    /// <summary>
    /// Registers the <see cref="IEmailClient"/> that <c>Email:ActiveEmailClient</c> chooses in the <c>Email</c> section of
    /// <paramref name="configuration"/>: <c>SMTP</c> (or <c>SES</c>, through its SMTP interface), <c>NO_EMAIL_CLIENT</c>
    /// or <c>PickupDirectory</c>; options are validated at startup.
    /// </summary>
    /// <param name="services">The <see cref="IServiceCollection"/> to add services to.</param>
    /// <param name="configuration">The configuration whose <c>Email</c> section holds the options.</param>
    /// <returns>The <see cref="IServiceCollection"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// Left out, <c>Email:ActiveEmailClient</c> is <c>SMTP</c> when <c>Email:Smtp:Host</c> is set and <c>NO_EMAIL_CLIENT</c>
    /// otherwise, as in Hyperswitch. <c>NO_EMAIL_CLIENT</c> discards every email; a hosted service says so at startup, at
    /// Warning level. The client is chosen once, when <see cref="IEmailClient"/> is first resolved; the other options
    /// apply to the next send. Calling this method more than once registers the services once.
    /// </remarks>
    public static IServiceCollection AddEmail(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<EmailOptions>()
            .Bind(configuration.GetSection(EmailOptions.SectionName), binder => binder.ErrorOnUnknownConfiguration = true)
            .PostConfigure(options => options.ActiveEmailClient ??= DefaultClient(options))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EmailClientStartupReport>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>());
        services.AddEmailPipeline();
        services.TryAddSingleton<SmtpServer>();
        services.TryAddSingleton<NoEmailClient>();
        services.TryAddSingleton<PickupDirectoryEmailClient>();
        services.TryAddSingleton<IEmailClient>(provider =>
            provider.GetRequiredService<IOptionsMonitor<EmailOptions>>().CurrentValue.ActiveEmailClient switch
            {
                EmailClientKind.Smtp or EmailClientKind.Ses => provider.GetRequiredService<SmtpServer>(),
                EmailClientKind.PickupDirectory => provider.GetRequiredService<PickupDirectoryEmailClient>(),
                _ => provider.GetRequiredService<NoEmailClient>(),
            });
        return services;
    }

    /// <summary>Registers <see cref="IEmailClient"/>, sending through the SMTP server that <paramref name="configure"/> sets, with options validated at startup.</summary>
    /// <param name="services">The <see cref="IServiceCollection"/> to add services to.</param>
    /// <param name="configure">The delegate that sets the options.</param>
    /// <returns>The <see cref="IServiceCollection"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <remarks>Calling this method more than once registers the services once; every delegate runs, in order.</remarks>
    public static IServiceCollection AddSmtpEmail(this IServiceCollection services, Action<EmailOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<EmailOptions>().Configure(configure);
        return services.AddSmtpEmailCore();
    }

    /// <summary>
    /// Registers <typeparamref name="TSource"/> as the <see cref="ISmtpAccessTokenSource"/> that gives OAuth2 access
    /// tokens when <c>Email:Smtp:Authentication</c> is <c>OAuth2</c>.
    /// </summary>
    /// <typeparam name="TSource">The token source, registered as a singleton.</typeparam>
    /// <param name="services">The <see cref="IServiceCollection"/> to add services to.</param>
    /// <returns>The <see cref="IServiceCollection"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddSmtpAccessTokenSource<TSource>(this IServiceCollection services)
        where TSource : class, ISmtpAccessTokenSource
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ISmtpAccessTokenSource, TSource>();
        return services;
    }

    /// <summary>
    /// Registers <typeparamref name="THook"/> as an <see cref="IEmailSendHook"/> that runs around every send, whatever
    /// the provider, from the application and from the outbox alike. Hooks run in registration order.
    /// </summary>
    /// <typeparam name="THook">The hook, registered as a singleton.</typeparam>
    /// <param name="services">The <see cref="IServiceCollection"/> to add services to.</param>
    /// <returns>The <see cref="IServiceCollection"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <remarks>Calling this method more than once with the same type registers the hook once.</remarks>
    public static IServiceCollection AddEmailSendHook<THook>(this IServiceCollection services)
        where THook : class, IEmailSendHook
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEmailSendHook, THook>());
        return services;
    }

    /// <summary>The composer and the one send pipeline, shared by every provider.</summary>
    private static void AddEmailPipeline(this IServiceCollection services)
    {
        services.TryAddSingleton<IEmailComposer, EmailComposer>();
        services.TryAddSingleton(provider => new EmailSendPipeline(
            provider.GetServices<IEmailSendHook>(),
            provider.GetService<ILogger<EmailSendPipeline>>(),
            provider.GetService<IMeterFactory>()));
    }

    // A user who configured an SMTP host and no client expects SMTP, not Hyperswitch's silent default.
    private static EmailClientKind DefaultClient(EmailOptions options) =>
        string.IsNullOrWhiteSpace(options.Smtp?.Host) ? EmailClientKind.NoEmailClient : EmailClientKind.Smtp;

    private static IServiceCollection AddSmtpEmailCore(this IServiceCollection services)
    {
        services.AddOptions<EmailOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>());
        services.AddEmailPipeline();
        services.TryAddSingleton<SmtpServer>();
        services.TryAddSingleton<IEmailClient>(provider => provider.GetRequiredService<SmtpServer>());
        return services;
    }
}
