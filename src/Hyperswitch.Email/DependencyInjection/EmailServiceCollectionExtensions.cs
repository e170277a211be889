using System.Diagnostics.CodeAnalysis;
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
    /// <paramref name="configuration"/>, with options validated at startup: the one-line form of
    /// <c>services.AddEmail(configuration).AddSmtp()</c> for an application that only ever sends through SMTP.
    /// </summary>
    /// <param name="services">The <see cref="IServiceCollection"/> to add services to.</param>
    /// <param name="configuration">The configuration whose <c>Email</c> section holds the options, usually the application's root configuration.</param>
    /// <returns>The <see cref="IServiceCollection"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// A key the options do not have (a typo such as <c>Email:Smtp:Hots</c>) fails at startup, like an invalid value, and
    /// so does an <c>Email:ActiveEmailClient</c> other than <c>SMTP</c> (Hyperswitch's <c>NO_EMAIL_CLIENT</c> included):
    /// this method always sends through SMTP. Changes to the configuration apply to the next send. Calling this method
    /// more than once registers the services once.
    /// </remarks>
    public static IServiceCollection AddSmtpEmail(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddEmail(configuration).AddSmtp();
        services.TryAddSingleton(new SmtpOnlyRegistration());
        return services;
    }

    /// <summary>
    /// Registers the email service with its options bound from the <c>Email</c> section of <paramref name="configuration"/>
    /// and validated at startup: the composer, the send pipeline, <see cref="PreparedEmailSender"/>, the
    /// <c>NO_EMAIL_CLIENT</c> provider and the <see cref="IEmailClient"/> that <c>Email:ActiveEmailClient</c> chooses
    /// among the providers the returned builder registers (<c>.AddSmtp()</c>, <c>.AddPickupDirectory()</c>, a provider package).
    /// </summary>
    /// <param name="services">The <see cref="IServiceCollection"/> to add services to.</param>
    /// <param name="configuration">The configuration whose <c>Email</c> section holds the options, usually the application's root configuration.</param>
    /// <returns>The builder that registers the providers.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// Left out, <c>Email:ActiveEmailClient</c> is the one provider registered, or <c>NO_EMAIL_CLIENT</c> (which discards
    /// every email, with a Warning at startup) when none is. Each provider binds its own subsection (<c>Email:Smtp</c>, …);
    /// any other key the <see cref="EmailOptions"/> do not have fails at startup, naming it. Hyperswitch's
    /// <c>[email.aws_ses]</c> table (<c>Email:AwsSes</c>) is ignored unless the SES provider claims it. The provider is
    /// chosen once, when <see cref="IEmailClient"/> is first resolved; the other options apply to the next send. Calling
    /// this method more than once registers the services once.
    /// </remarks>
    public static EmailBuilder AddEmail(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var section = configuration.GetSection(EmailOptions.SectionName);
        if (!services.Any(d => d.ServiceType == typeof(EmailSectionBinding)))
        {
            services.AddSingleton(new EmailSectionBinding());
            services.AddOptions<EmailOptions>()
                .Configure<IEnumerable<EmailProviderRegistration>>((options, providers) =>
                    EmailOptionsSection.Bind(new SectionWithoutProviders(section, ProviderSections(providers)), options));
            services.AddSingleton<IOptionsChangeTokenSource<EmailOptions>>(new ConfigurationChangeTokenSource<EmailOptions>(Microsoft.Extensions.Options.Options.DefaultName, section));
        }

        services.AddEmailCore();
        return new EmailBuilder(services, section);
    }

    /// <summary>Registers the email service with options that <paramref name="configure"/> sets, validated at startup; see <see cref="AddEmail(IServiceCollection, IConfiguration)"/>.</summary>
    /// <param name="services">The <see cref="IServiceCollection"/> to add services to.</param>
    /// <param name="configure">The delegate that sets the options.</param>
    /// <returns>The builder that registers the providers, configured in code too (<c>.AddSmtp(smtp =&gt; …)</c>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <remarks>Calling this method more than once registers the services once; every delegate runs, in order.</remarks>
    public static EmailBuilder AddEmail(this IServiceCollection services, Action<EmailOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<EmailOptions>().Configure(configure);
        services.AddEmailCore();
        return new EmailBuilder(services);
    }

    /// <summary>
    /// Registers <typeparamref name="TSource"/> as the <see cref="ISmtpAccessTokenSource"/> that gives OAuth2 access
    /// tokens when <c>Email:Smtp:Authentication</c> is <c>OAuth2</c>.
    /// </summary>
    /// <typeparam name="TSource">The token source, registered as a singleton.</typeparam>
    /// <param name="services">The <see cref="IServiceCollection"/> to add services to.</param>
    /// <returns>The <see cref="IServiceCollection"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddSmtpAccessTokenSource<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSource>(this IServiceCollection services)
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
    public static IServiceCollection AddEmailSendHook<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THook>(this IServiceCollection services)
        where THook : class, IEmailSendHook
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEmailSendHook, THook>());
        return services;
    }

    /// <summary>The options, the composer, the one send pipeline, the provider choice and the <c>NO_EMAIL_CLIENT</c> provider, shared by every provider.</summary>
    private static void AddEmailCore(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(EmailProviderSelection)))
        {
            return;
        }

        services.AddOptions<EmailOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>, EmailProviderValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EmailClientStartupReport>());
        services.TryAddSingleton<IEmailComposer, EmailComposer>();
        services.TryAddSingleton(provider => new EmailSendPipeline(
            provider.GetServices<IEmailSendHook>(),
            provider.GetService<ILogger<EmailSendPipeline>>(),
            provider.GetService<IMeterFactory>(),
            new EmailRedirect(provider.GetRequiredService<IOptionsMonitor<EmailOptions>>()),
            provider.GetService<IEmailComposer>() is EmailComposer composer ? composer.Resign : null,
            new SendRate(new LastValidOptions<EmailOptions>(provider.GetRequiredService<IOptionsMonitor<EmailOptions>>(), static _ => { }), provider.GetService<TimeProvider>())));
        services.AddSingleton<EmailProviderSelection>();
        services.TryAddSingleton<IEmailClient>(provider =>
        {
            var transport = ActiveTransport(provider);
            return transport as IEmailClient
                ?? new TransportEmailClient(provider.GetRequiredService<IEmailComposer>(), provider.GetRequiredService<EmailSendPipeline>(), transport);
        });
        services.TryAddSingleton(provider => new PreparedEmailSender(provider.GetRequiredService<EmailSendPipeline>(), ActiveTransport(provider)));
        new EmailBuilder(services).AddProvider<NoEmailClient>(EmailProviderNames.NoEmailClient);
    }

    private static IEmailTransport ActiveTransport(IServiceProvider provider) =>
        (IEmailTransport)provider.GetRequiredService(provider.GetRequiredService<EmailProviderSelection>().Active.TransportType);

    // The subsections the providers bind themselves, and Hyperswitch's [email.aws_ses] table, which only SES's provider reads.
    private static string[] ProviderSections(IEnumerable<EmailProviderRegistration> providers) =>
        [.. providers.Select(p => p.SectionName).OfType<string>(), HyperswitchSesSection];

    private const string HyperswitchSesSection = "AwsSes";

    /// <summary>Marks that the <c>Email</c> section is bound, so that a second <c>AddEmail</c> does not bind it twice.</summary>
    private sealed class EmailSectionBinding;
}
