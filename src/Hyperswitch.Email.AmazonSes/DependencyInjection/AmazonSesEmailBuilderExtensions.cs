using Hyperswitch.Email;
using Hyperswitch.Email.AmazonSes;
using Hyperswitch.Email.AmazonSes.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Extension methods for registering the Amazon SES API provider on an <see cref="EmailBuilder"/>.</summary>
public static class AmazonSesEmailBuilderExtensions
{
    /// <summary>
    /// Registers the Amazon SES provider, named <c>SES</c> (<see cref="EmailProviderNames.Ses"/>), which sends through
    /// the SES v2 API; its options are bound from <c>Email:AwsSes</c> (Hyperswitch's <c>[email.aws_ses]</c>) and
    /// <c>Email:AwsRegion</c>, and validated at startup.
    /// </summary>
    /// <param name="builder">The <see cref="EmailBuilder"/> that <c>services.AddEmail(configuration)</c> returned.</param>
    /// <returns>The <see cref="EmailBuilder"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// <c>Email:ActiveEmailClient = SES</c> chooses it (SES's SMTP endpoint is reached with <c>SMTP</c>). Requests are
    /// signed with the credentials of an <c>Amazon.Runtime.AWSCredentials</c> registered in the services, or else of the
    /// AWS SDK's default chain; through the role of <c>Email:AwsSes:EmailRoleArn</c> when it is set. Calling this method
    /// more than once registers the provider once.
    /// </remarks>
    public static EmailBuilder AddAmazonSes(this EmailBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddProviderOptions<AmazonSesOptions>(AmazonSesOptions.SectionName);
        AmazonSesRegistration.AddServices(builder.Services);
        return builder.AddProvider<AmazonSesTransport>(EmailProviderNames.Ses, AmazonSesOptions.SectionName);
    }

    /// <summary>Registers the Amazon SES provider, as <see cref="AddAmazonSes(EmailBuilder)"/> does, with options that <paramref name="configure"/> sets after the configuration's.</summary>
    /// <param name="builder">The <see cref="EmailBuilder"/> that <c>services.AddEmail(configuration)</c> returned.</param>
    /// <param name="configure">The delegate that sets the options.</param>
    /// <returns>The <see cref="EmailBuilder"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static EmailBuilder AddAmazonSes(this EmailBuilder builder, Action<AmazonSesOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.AddAmazonSes();
        builder.Services.Configure(configure);
        return builder;
    }
}
