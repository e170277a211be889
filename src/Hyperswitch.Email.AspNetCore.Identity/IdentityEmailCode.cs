namespace Hyperswitch.Email.AspNetCore.Identity;

/// <summary>The data of Identity's password reset code email: the account's address and the code.</summary>
/// <param name="Email">The address of the account, as Identity passes it (decoded).</param>
/// <param name="Code">The reset code, decoded: Razor encodes it once.</param>
public sealed record IdentityEmailCode(string Email, string Code);
