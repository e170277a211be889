using MailKit.Security;

namespace Hyperswitch.Email.Smtp;

/// <summary>MailKit's SCRAM-SHA-1, refusing a challenge over <see cref="ScramIterationLimit.MaxIterations"/>.</summary>
internal sealed class BoundedScramSha1(string userName, string password) : SaslMechanismScramSha1(userName, password)
{
    /// <inheritdoc />
    protected override byte[]? Challenge(byte[]? token, int startIndex, int length, CancellationToken cancellationToken)
    {
        ScramIterationLimit.Check(MechanismName, token, startIndex, length);
        return base.Challenge(token, startIndex, length, cancellationToken);
    }
}
