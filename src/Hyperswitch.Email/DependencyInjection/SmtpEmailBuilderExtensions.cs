using System.Net.Security;
using Hyperswitch.Email;
using Hyperswitch.Email.Internal;
using Hyperswitch.Email.Smtp;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
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

        // Constructed here rather than by the container, so that the code-only certificate validation reaches it.
        builder.Services.TryAddSingleton(provider => new SmtpServer(
            provider.GetRequiredService<IOptionsMonitor<SmtpOptions>>(),
            provider.GetRequiredService<IEmailComposer>(),
            provider.GetRequiredService<EmailSendPipeline>(),
            provider.GetService<ILogger<SmtpServer>>(),
            provider.GetService<ISmtpAccessTokenSource>(),
            provider.GetService<SmtpCertificateValidation>()?.Callback));
        builder.AddProvider<SmtpServer>(EmailProviderNames.Smtp, SmtpOptions.SectionName);
        builder.AddProviderOptions<SmtpOptions>(SmtpOptions.SectionName, SmtpOptionsSection.Bind);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>());
        return builder;
    }

    /// <summary>Registers the SMTP provider (see <see cref="AddSmtp(EmailBuilder)"/>) with options that <paramref name="configure"/> sets, after any bound from configuration.</summary>
    /// <param name="builder">The email builder.</param>
    /// <param name="configure">The delegate that sets the SMTP options.</param>
    /// <returns>The builder, so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static EmailBuilder AddSmtp(this EmailBuilder builder, Action<SmtpOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        builder.AddSmtp().Services.Configure(configure);
        return builder;
    }

    /// <summary>
    /// Makes <paramref name="callback"/> decide whether the TLS certificate of the SMTP server (and of its
    /// <c>Email:Smtp:Failover</c> server) is accepted, in place of the default validation. Code only: configuration
    /// cannot hold a callback.
    /// </summary>
    /// <param name="builder">The email builder.</param>
    /// <param name="callback">
    /// The validation callback. Use it (or <c>Email:Smtp:TrustedCertificateThumbprint</c>) to trust one specific
    /// certificate of a private relay, comparing its thumbprint; never to accept every certificate.
    /// </param>
    /// <returns>The builder, so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="callback"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// A certificate whose SHA-256 thumbprint is <c>Email:Smtp:TrustedCertificateThumbprint</c> is accepted without
    /// calling it. The last call wins. It does not register the SMTP provider: call <see cref="AddSmtp(EmailBuilder)"/> too.
    /// </remarks>
    public static EmailBuilder ConfigureSmtpServerCertificateValidation(this EmailBuilder builder, RemoteCertificateValidationCallback callback)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(callback);
        builder.Services.RemoveAll<SmtpCertificateValidation>();
        builder.Services.AddSingleton(new SmtpCertificateValidation(callback));
        return builder;
    }
}
