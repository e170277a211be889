using Hyperswitch.Email.Smtp;
using Microsoft.Identity.Client;

namespace OAuth2TokenSources;

/// <summary>
/// Microsoft 365 with Microsoft.Identity.Client (MSAL), client credentials: an app registration with the
/// "SMTP.SendAsApp" permission, and the service principal allowed on the mailbox (Add-MailboxPermission).
/// </summary>
public sealed class MsalTokenSource : ISmtpAccessTokenSource
{
    private static readonly string[] Scopes = ["https://outlook.office365.com/.default"];
    private readonly IConfidentialClientApplication _application;

    public MsalTokenSource(string tenantId, string clientId, string clientSecret)
    {
        // MSAL keeps the token in its in-memory cache and only asks Entra ID again when it is about to expire.
        _application = ConfidentialClientApplicationBuilder.Create(clientId)
            .WithClientSecret(clientSecret)
            .WithTenantId(tenantId)
            .Build();
    }

    public async Task<string> GetAccessTokenAsync(CancellationToken cancellationToken = default)
    {
        var result = await _application.AcquireTokenForClient(Scopes).ExecuteAsync(cancellationToken).ConfigureAwait(false);
        return result.AccessToken;
    }
}
