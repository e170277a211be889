using Hyperswitch.Email;
using Hyperswitch.Email.Testing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Extension methods for replacing the registered <see cref="IEmailClient"/> with an <see cref="InMemoryEmailClient"/> in tests.</summary>
public static class InMemoryEmailServiceCollectionExtensions
{
    /// <summary>
    /// Replaces any registered <see cref="IEmailClient"/> with a singleton <see cref="InMemoryEmailClient"/>; call it in
    /// <c>WebApplicationFactory.ConfigureTestServices</c>. Only <c>Email:SenderEmail</c> is then needed: the SMTP
    /// settings are no longer validated. Call it after <c>AddSmtpEmail</c> or <c>AddEmail</c>, which register the
    /// <see cref="IEmailComposer"/> and the <see cref="EmailSendPipeline"/> it sends through (so send hooks and metrics
    /// see its messages, tagged <c>InMemory</c>).
    /// </summary>
    /// <param name="services">The <see cref="IServiceCollection"/> to change.</param>
    /// <returns>The <see cref="IServiceCollection"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddInMemoryEmail(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.RemoveAll<IEmailClient>();
        services.AddOptions<EmailOptions>().PostConfigure(options => options.ActiveEmailClient = EmailClientKind.NoEmailClient);
        services.TryAddSingleton<InMemoryEmailClient>();
        services.AddSingleton<IEmailClient>(provider => provider.GetRequiredService<InMemoryEmailClient>());
        return services;
    }
}
