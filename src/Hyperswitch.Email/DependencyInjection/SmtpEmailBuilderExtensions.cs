using Hyperswitch.Email;
using Hyperswitch.Email.Internal;
using Hyperswitch.Email.Smtp;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Extension methods for registering the SMTP provider on an <see cref="EmailBuilder"/>.</summary>
public static class SmtpEmailBuilderExtensions
{
    /// <summary>
    /// Registers the SMTP provider, <see cref="SmtpServer"/>, named <c>SMTP</c>, with its options bound from
    /// <c>Email:Smtp</c> and validated at startup when it is the provider that sends.
    /// </summary>
    /// <param name="builder">The email builder from <c>services.AddEmail(configuration)</c>.</param>
    /// <returns>The builder, so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <remarks>Calling it more than once registers the provider once.</remarks>
    public static EmailBuilder AddSmtp(this EmailBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddProvider<SmtpServer>(EmailProviderNames.Smtp, SmtpOptions.SectionName);
        builder.AddProviderOptions<SmtpOptions>(SmtpOptions.SectionName);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>());
        return builder;
    }

    /// <summary>Registers the SMTP provider (see <see cref="AddSmtp(EmailBuilder)"/>) with options that <paramref name="configure"/> sets, after any bound from configuration.</summary>
    /// <param name="builder">The email builder.</param>
    /// <param name="configure">The delegate that sets the SMTP options, for example <see cref="SmtpOptions.ServerCertificateValidation"/>.</param>
    /// <returns>The builder, so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static EmailBuilder AddSmtp(this EmailBuilder builder, Action<SmtpOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        builder.AddSmtp().Services.Configure(configure);
        return builder;
    }
}
