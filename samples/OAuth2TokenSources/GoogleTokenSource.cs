using Google.Apis.Auth.OAuth2;
using Hyperswitch.Email.Smtp;

namespace OAuth2TokenSources;

/// <summary>
/// Google Workspace with Google.Apis.Auth: a service account with domain-wide delegation for the scope
/// <c>https://mail.google.com/</c>, acting as the sending mailbox.
/// </summary>
public sealed class GoogleTokenSource : ISmtpAccessTokenSource
{
    private readonly ITokenAccess _credential;

    public GoogleTokenSource(string serviceAccountJsonPath, string mailbox)
    {
        // The library caches the token and refreshes it before it expires.
        _credential = CredentialFactory.FromFile<ServiceAccountCredential>(serviceAccountJsonPath)
            .ToGoogleCredential()
            .CreateScoped("https://mail.google.com/")
            .CreateWithUser(mailbox);
    }

    public Task<string> GetAccessTokenAsync(CancellationToken cancellationToken = default) =>
        _credential.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken);
}
