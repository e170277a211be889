using System.Diagnostics.CodeAnalysis;
using Hyperswitch.Email;
using Hyperswitch.Email.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the providers of the email service: returned by <c>services.AddEmail(configuration)</c>, extended by
/// <c>AddSmtp()</c>, <c>AddPickupDirectory()</c> and provider packages; <c>Email:ActiveEmailClient</c> chooses among them.
/// </summary>
/// <remarks>
/// A provider package adds an extension method on this type that calls <see cref="AddProvider{TTransport}"/> and binds
/// its own options from <see cref="Section"/>: the core then leaves that subsection to it, and every other unknown key
/// under <c>Email</c> still fails at startup.
/// </remarks>
public sealed class EmailBuilder
{
    /// <summary>Initializes a new instance of the <see cref="EmailBuilder"/> class over services where the email service is, or will be, added.</summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The <c>Email</c> configuration section, or <see langword="null"/> when the options are set in code.</param>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public EmailBuilder(IServiceCollection services, IConfigurationSection? section = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        Services = services;
        Section = section;
    }

    /// <summary>Gets the services being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Gets the <c>Email</c> configuration section providers bind their subsections from, or <see langword="null"/> when the options are set in code.</summary>
    public IConfigurationSection? Section { get; }

    /// <summary>
    /// Registers <typeparamref name="TTransport"/> (a singleton) as the provider named <paramref name="name"/>, which
    /// <c>Email:ActiveEmailClient</c> can choose, and claims the subsection <c>Email:</c><paramref name="sectionName"/> for its options.
    /// </summary>
    /// <typeparam name="TTransport">The provider. When it is also an <see cref="IEmailClient"/>, it is the registered client; otherwise the library's client composes and sends through it.</typeparam>
    /// <param name="name">The provider's name, for example <c>SES</c>; matched case-insensitively, ignoring <c>_</c> and <c>-</c>.</param>
    /// <param name="sectionName">The subsection of <c>Email</c> the provider binds itself, for example <c>AwsSes</c>; <see langword="null"/> for none.</param>
    /// <returns>This builder, so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    /// <remarks>Registering the same name again replaces the provider.</remarks>
    public EmailBuilder AddProvider<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TTransport>(string name, string? sectionName = null)
        where TTransport : class, IEmailTransport
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var registration = new EmailProviderRegistration(name.Trim(), typeof(TTransport), sectionName);
        Services.TryAddSingleton<TTransport>();
        if (!Services.Any(d => Equals(d.ImplementationInstance, registration)))
        {
            Services.AddSingleton(registration);
        }

        return this;
    }

    /// <summary>
    /// Adds the options of a provider, bound from <c>Email:</c><paramref name="sectionName"/> by the reflection-based
    /// configuration binder when the builder has a <see cref="Section"/> (an unknown key there fails at startup, naming
    /// it) and validated at startup by the <see cref="IValidateOptions{TOptions}"/> the provider registers.
    /// </summary>
    /// <typeparam name="TOptions">The provider's options type.</typeparam>
    /// <param name="sectionName">The subsection of <c>Email</c>, the one given to <see cref="AddProvider{TTransport}"/>.</param>
    /// <returns>The options builder, for code configuration and validation.</returns>
    /// <exception cref="ArgumentException"><paramref name="sectionName"/> is empty.</exception>
    /// <remarks>
    /// Calling it again for the same options type binds the section once. A provider meant for trimmed or NativeAOT
    /// applications uses <see cref="AddProviderOptions{TOptions}(string, Action{IConfiguration, TOptions})"/> instead.
    /// </remarks>
    [RequiresUnreferencedCode("Binds TOptions by reflection, whose members trimming may remove. Use the overload that takes a bind delegate.")]
    [RequiresDynamicCode("Binds TOptions by reflection, which may need code generated at run time. Use the overload that takes a bind delegate.")]
    public OptionsBuilder<TOptions> AddProviderOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TOptions>(string sectionName)
        where TOptions : class =>
        // Bound by reflection (the source generator cannot bind a generic TOptions: SYSLIB1104, off in the csproj).
        AddProviderOptions<TOptions>(sectionName, (section, options) => section.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true));

    /// <summary>
    /// Adds the options of a provider, bound by <paramref name="bind"/> from <c>Email:</c><paramref name="sectionName"/>
    /// when the builder has a <see cref="Section"/> (again whenever configuration reloads) and validated at startup by
    /// the <see cref="IValidateOptions{TOptions}"/> the provider registers: the form for trimmed and NativeAOT
    /// applications, where <paramref name="bind"/> calls the configuration binder on the concrete options type, which
    /// the configuration-binding source generator then implements.
    /// </summary>
    /// <typeparam name="TOptions">The provider's options type.</typeparam>
    /// <param name="sectionName">The subsection of <c>Email</c>, the one given to <see cref="AddProvider{TTransport}"/>.</param>
    /// <param name="bind">
    /// Binds the subsection onto the options, for example
    /// <c>(section, options) =&gt; section.Bind(options, binder =&gt; binder.ErrorOnUnknownConfiguration = true)</c>.
    /// </param>
    /// <returns>The options builder, for code configuration and validation.</returns>
    /// <exception cref="ArgumentException"><paramref name="sectionName"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="bind"/> is <see langword="null"/>.</exception>
    /// <remarks>Calling it again for the same options type binds the section once.</remarks>
    public OptionsBuilder<TOptions> AddProviderOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        string sectionName, Action<IConfiguration, TOptions> bind)
        where TOptions : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionName);
        ArgumentNullException.ThrowIfNull(bind);
        var options = Services.AddOptions<TOptions>();
        if (Section is { } email && !Services.Any(d => d.ServiceType == typeof(ProviderSectionBinding<TOptions>)))
        {
            var section = email.GetSection(sectionName);
            Services.AddSingleton(new ProviderSectionBinding<TOptions>());
            options.Configure(bound => bind(section, bound));
            Services.AddSingleton<IOptionsChangeTokenSource<TOptions>>(new ConfigurationChangeTokenSource<TOptions>(Microsoft.Extensions.Options.Options.DefaultName, section));
        }

        return options.ValidateOnStart();
    }

    /// <summary>
    /// Makes the provider named <paramref name="name"/> send, whatever <c>Email:ActiveEmailClient</c> says, and leaves the
    /// other providers' options unvalidated: for test doubles, which register with <see cref="AddProvider{TTransport}"/> and then call this.
    /// </summary>
    /// <param name="name">A registered provider's name.</param>
    /// <returns>This builder, so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    /// <remarks>The last call wins.</remarks>
    public EmailBuilder UseProvider(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Services.AddSingleton(new EmailProviderOverride(name.Trim()));
        return this;
    }

    /// <summary>Marks that a provider's section is bound, so that a second registration does not bind it twice.</summary>
    private sealed class ProviderSectionBinding<TOptions>;
}
