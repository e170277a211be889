namespace Hyperswitch.Email.Smtp;

/// <summary>How the client authenticates to the SMTP server (<c>Email:Smtp:Authentication</c>).</summary>
public enum SmtpAuthentication
{
    /// <summary>Decided by the credentials: <see cref="Password"/> when <c>Username</c> and <c>Password</c> are set, <see cref="None"/> otherwise.</summary>
    Auto = 0,

    /// <summary>No AUTH.</summary>
    None = 1,

    /// <summary>AUTH with <c>Username</c> and <c>Password</c> (SCRAM, PLAIN, LOGIN or CRAM-MD5, the best the server offers).</summary>
    Password = 2,

    /// <summary>
    /// AUTH XOAUTH2 (or OAUTHBEARER) with <c>Username</c> and an access token from the registered
    /// <see cref="ISmtpAccessTokenSource"/>, asked for each connection. Microsoft 365 and Google Workspace need it.
    /// </summary>
    OAuth2 = 3,
}
