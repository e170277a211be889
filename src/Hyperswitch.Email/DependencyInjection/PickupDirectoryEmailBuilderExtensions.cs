using Hyperswitch.Email;
using Hyperswitch.Email.Internal;
using Hyperswitch.Email.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Extension methods for registering the pickup-directory provider on an <see cref="EmailBuilder"/>.</summary>
public static class PickupDirectoryEmailBuilderExtensions
{
    /// <summary>
    /// Registers the pickup-directory provider, <see cref="PickupDirectoryEmailClient"/>, named <c>PickupDirectory</c>,
    /// which writes each message as an <c>.eml</c> file; its options are bound from <c>Email:PickupDirectory</c>.
    /// </summary>
    /// <param name="builder">The email builder from <c>services.AddEmail(configuration)</c>.</param>
    /// <returns>The builder, so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static EmailBuilder AddPickupDirectory(this EmailBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddProvider<PickupDirectoryEmailClient>(EmailProviderNames.PickupDirectory, PickupDirectoryOptions.SectionName);
        builder.AddProviderOptions<PickupDirectoryOptions>(
            PickupDirectoryOptions.SectionName, static (section, options) => section.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PickupDirectoryOptions>, PickupDirectoryOptionsValidator>());
        return builder;
    }

    /// <summary>Registers the pickup-directory provider with options that <paramref name="configure"/> sets, after any bound from configuration.</summary>
    /// <param name="builder">The email builder.</param>
    /// <param name="configure">The delegate that sets the options.</param>
    /// <returns>The builder, so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static EmailBuilder AddPickupDirectory(this EmailBuilder builder, Action<PickupDirectoryOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        builder.AddPickupDirectory().Services.Configure(configure);
        return builder;
    }
}
