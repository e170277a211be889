using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.AmazonSes.Internal;

/// <summary>The services of the SES provider besides its registration on the builder: the validator, the named HTTP client and the transport.</summary>
internal static class AmazonSesRegistration
{
    /// <summary>Registers the provider's services once.</summary>
    public static void AddServices(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AmazonSesOptions>, AmazonSesOptionsValidator>());
        if (services.Any(d => d.ServiceType == typeof(AmazonSesTransport)))
        {
            return;
        }

        services.AddHttpClient(AmazonSesTransport.HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton(provider => new AmazonSesTransport(
            provider.GetRequiredService<IHttpClientFactory>(),
            provider.GetRequiredService<IOptionsMonitor<AmazonSesOptions>>(),
            provider.GetRequiredService<IOptionsMonitor<EmailOptions>>(),
            provider.GetService<AWSCredentials>(),
            provider.GetService<TimeProvider>(),
            provider.GetService<ILogger<AmazonSesTransport>>()));
    }
}
