using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace SignupFlows;

/// <summary>
/// One-time sign-in tokens: a random token goes into the link, only its SHA-256 hash and expiry are stored (as an
/// Identity authentication token), and redeeming it removes it, so a link signs in once.
/// </summary>
internal sealed class MagicLinks(UserManager<IdentityUser> users, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private const string Provider = "SignupFlows";
    private const string Name = "MagicLink";

    /// <summary>Creates a token for <paramref name="user"/>, replacing any earlier one.</summary>
    public async Task<string> CreateAsync(IdentityUser user)
    {
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var expires = time.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds();
        var result = await users.SetAuthenticationTokenAsync(user, Provider, Name, $"{Hash(token)}:{expires.ToString(CultureInfo.InvariantCulture)}");
        return result.Succeeded ? token : throw new InvalidOperationException("The sign-in token could not be stored.");
    }

    /// <summary>Returns <see langword="true"/> once for a valid, unexpired token, and removes it.</summary>
    public async Task<bool> RedeemAsync(IdentityUser user, string token)
    {
        var stored = await users.GetAuthenticationTokenAsync(user, Provider, Name);
        if (stored?.Split(':') is not [var hash, var expiresText] || !long.TryParse(expiresText, CultureInfo.InvariantCulture, out var expires))
        {
            return false;
        }

        var matches = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(hash));
        if (!matches || time.GetUtcNow().ToUnixTimeSeconds() > expires)
        {
            return false;
        }

        // Removing updates the user row under its concurrency stamp: of two clicks at the same moment, one fails here.
        var removed = await users.RemoveAuthenticationTokenAsync(user, Provider, Name);
        return removed.Succeeded;
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
