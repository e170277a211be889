namespace Hyperswitch.Email.AspNetCore.Identity;

/// <summary>The data of Identity's link emails (confirmation, password reset): the account's address and the link to follow.</summary>
/// <param name="Email">The address of the account, as Identity passes it (decoded).</param>
/// <param name="Link">The absolute http or https link, decoded: Razor encodes it once.</param>
public sealed record IdentityEmailLink(string Email, string Link);
