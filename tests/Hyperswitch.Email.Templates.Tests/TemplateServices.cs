using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hyperswitch.Email.Templates.Tests;

/// <summary>A service provider with the templates registered as an application registers them, and the given configuration.</summary>
internal static class TemplateServices
{
    public static readonly Uri BaseUrl = new("https://shop.example/app/");

    public static ServiceProvider Build(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddEmailTemplates(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
