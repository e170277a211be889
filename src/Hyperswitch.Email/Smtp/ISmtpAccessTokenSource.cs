namespace Hyperswitch.Email.Smtp;

/// <summary>
/// Gives the OAuth2 access token to authenticate to the SMTP server with, when <c>Email:Smtp:Authentication</c> is
/// <see cref="SmtpAuthentication.OAuth2"/>. Register one implementation with
/// <c>services.AddSmtpAccessTokenSource&lt;T&gt;()</c>.
/// </summary>
/// <remarks>
/// It is called once for each connection, so return a cached token while it is valid and refresh it with whatever the
/// application uses (MSAL, Azure.Identity, Google's library): the library depends on none of them.
/// The token is treated as a secret: never logged, never in an exception.
/// </remarks>
public interface ISmtpAccessTokenSource
{
    /// <summary>Returns a valid access token for the SMTP server, for example one with the scope <c>https://outlook.office365.com/.default</c>.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The access token, without the <c>Bearer</c> prefix.</returns>
    Task<string> GetAccessTokenAsync(CancellationToken cancellationToken = default);
}
