using MailKit.Security;

namespace Hyperswitch.Email.Smtp;

/// <summary>MailKit's SCRAM-SHA-256, refusing a challenge over <see cref="ScramIterationLimit.MaxIterations"/>.</summary>
internal sealed class BoundedScramSha256(string userName, string password) : SaslMechanismScramSha256(userName, password)
{
    /// <inheritdoc />
    protected override byte[]? Challenge(byte[]? token, int startIndex, int length, CancellationToken cancellationToken)
    {
        ScramIterationLimit.Check(MechanismName, token, startIndex, length);
        return base.Challenge(token, startIndex, length, cancellationToken);
    }
}
