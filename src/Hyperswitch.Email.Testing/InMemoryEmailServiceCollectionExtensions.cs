using Hyperswitch.Email;
using Hyperswitch.Email.Testing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Extension methods for sending through an <see cref="InMemoryEmailClient"/> in tests.</summary>
public static class InMemoryEmailServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="InMemoryEmailClient"/> as the provider named <c>InMemory</c> and makes it the one that
    /// sends, whatever <c>Email:ActiveEmailClient</c> says; call it in <c>WebApplicationFactory.ConfigureTestServices</c>,
    /// after the application's <c>AddSmtpEmail</c> or <c>AddEmail</c>. Only <c>Email:SenderEmail</c> is then needed: the
    /// other providers' options are no longer validated. Its messages go through the <see cref="EmailSendPipeline"/>, so
    /// send hooks, metrics and the outbox see them, tagged <c>InMemory</c>.
    /// </summary>
    /// <param name="services">The <see cref="IServiceCollection"/> to change.</param>
    /// <returns>The <see cref="IServiceCollection"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddInMemoryEmail(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        new EmailBuilder(services).AddInMemory().UseProvider(InMemoryEmailClient.ProviderName);
        return services;
    }

    /// <summary>
    /// Registers the <see cref="InMemoryEmailClient"/> as the provider named <c>InMemory</c>, which
    /// <c>Email:ActiveEmailClient = InMemory</c> chooses (for a development profile that keeps emails in memory).
    /// </summary>
    /// <param name="builder">The email builder from <c>services.AddEmail(configuration)</c>.</param>
    /// <returns>The builder, so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static EmailBuilder AddInMemory(this EmailBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddProvider<InMemoryEmailClient>(InMemoryEmailClient.ProviderName);
    }
}
