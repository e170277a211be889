using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.AmazonSes.Internal;

/// <summary>The services of the SES provider, whatever registers it: options, validators, the named HTTP client and the transport.</summary>
internal static class AmazonSesRegistration
{
    /// <summary>Registers the provider's services once; <paramref name="emailSection"/> (the <c>Email</c> section) binds <c>Email:AwsSes</c> when given.</summary>
    public static void AddServices(IServiceCollection services, IConfiguration? emailSection)
    {
        var options = services.AddOptions<AmazonSesOptions>();
        if (emailSection is not null && !services.Any(d => d.ServiceType == typeof(AmazonSesConfigured)))
        {
            services.AddSingleton<AmazonSesConfigured>();
            options.Bind(emailSection.GetSection(AmazonSesOptions.SectionName), binder => binder.ErrorOnUnknownConfiguration = true);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AmazonSesOptions>, AmazonSesOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>, AmazonSesRegionValidator>());
        services.AddHttpClient(AmazonSesTransport.HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton(provider => new AmazonSesTransport(
            provider.GetRequiredService<IHttpClientFactory>(),
            provider.GetRequiredService<IOptionsMonitor<AmazonSesOptions>>(),
            provider.GetRequiredService<IOptionsMonitor<EmailOptions>>(),
            provider.GetService<AWSCredentials>(),
            provider.GetService<TimeProvider>(),
            provider.GetService<ILogger<AmazonSesTransport>>()));
    }

    /// <summary>Marks that <c>Email:AwsSes</c> is bound, so that a second registration does not bind it twice.</summary>
    private sealed class AmazonSesConfigured;
}
