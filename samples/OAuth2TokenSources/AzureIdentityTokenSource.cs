using Azure.Core;
using Azure.Identity;
using Hyperswitch.Email.Smtp;

namespace OAuth2TokenSources;

/// <summary>
/// Microsoft 365 with Azure.Identity: any <see cref="TokenCredential"/> — a client secret, a certificate, or a managed
/// identity when the app runs in Azure (no secret at all).
/// </summary>
public sealed class AzureIdentityTokenSource(TokenCredential credential) : ISmtpAccessTokenSource, IDisposable
{
    private static readonly TokenRequestContext Request = new(["https://outlook.office365.com/.default"]);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private AccessToken _token;

    /// <summary>With a client secret: <c>new AzureIdentityTokenSource(new ClientSecretCredential(tenantId, clientId, secret))</c>.</summary>
    public static AzureIdentityTokenSource WithClientSecret(string tenantId, string clientId, string clientSecret) =>
        new(new ClientSecretCredential(tenantId, clientId, clientSecret));

    public async Task<string> GetAccessTokenAsync(CancellationToken cancellationToken = default)
    {
        // Not every credential caches: keep the token until five minutes before it expires.
        if (_token.ExpiresOn > DateTimeOffset.UtcNow.AddMinutes(5))
        {
            return _token.Token;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token.ExpiresOn <= DateTimeOffset.UtcNow.AddMinutes(5))
            {
                _token = await credential.GetTokenAsync(Request, cancellationToken).ConfigureAwait(false);
            }

            return _token.Token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();
}
