using Azure.Identity;
using Hyperswitch.Email.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OAuth2TokenSources;

/// <summary>How an application wires a token source; see docs/providers.md.</summary>
public static class Registration
{
    public static IServiceCollection AddMicrosoft365Email(this IServiceCollection services, IConfiguration configuration)
    {
        // appsettings.json: Email:Smtp:Host = smtp.office365.com, Port = 587, Connection = starttls,
        // Authentication = OAuth2, Username = the sending mailbox; the app's secret comes from a secret store.
        services.AddSmtpEmail(configuration);
        services.AddSingleton<ISmtpAccessTokenSource>(new MsalTokenSource(
            configuration["Microsoft365:TenantId"]!,
            configuration["Microsoft365:ClientId"]!,
            configuration["Microsoft365:ClientSecret"]!));
        return services;
    }

    public static IServiceCollection AddMicrosoft365EmailWithManagedIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSmtpEmail(configuration);
        services.AddSingleton<ISmtpAccessTokenSource>(new AzureIdentityTokenSource(new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)));
        return services;
    }

    public static IServiceCollection AddGmailEmail(this IServiceCollection services, IConfiguration configuration)
    {
        // appsettings.json: Email:Smtp:Host = smtp.gmail.com, Port = 587, Connection = starttls,
        // Authentication = OAuth2, Username = the sending mailbox.
        services.AddSmtpEmail(configuration);
        services.AddSingleton<ISmtpAccessTokenSource>(new GoogleTokenSource(
            configuration["Google:ServiceAccountJsonPath"]!,
            configuration["Email:Smtp:Username"]!));
        return services;
    }
}
