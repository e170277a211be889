using System.Globalization;
using System.Text;

namespace Hyperswitch.Email.Smtp;

/// <summary>
/// Bounds the work a server can ask of SCRAM: its first challenge names the PBKDF2 iteration count, which MailKit
/// computes synchronously, deaf to cancellation and to every timeout. <c>i=2147483647</c> would hold the send for hours.
/// </summary>
internal static class ScramIterationLimit
{
    /// <summary>The most iterations computed (OWASP's figure for PBKDF2-SHA256; servers use 4,096 to 15,000).</summary>
    public const int MaxIterations = 600_000;

    /// <summary>Throws when the server's first challenge asks for more than <see cref="MaxIterations"/>.</summary>
    /// <exception cref="EmailSendException">It does.</exception>
    public static void Check(string mechanism, byte[]? token, int startIndex, int length)
    {
        if (token is null || length == 0)
        {
            return;
        }

        // server-first-message: r=<nonce>,s=<salt>,i=<iterations>[,extensions]
        foreach (var attribute in Encoding.ASCII.GetString(token, startIndex, Math.Min(length, 4096)).Split(','))
        {
            if (attribute.StartsWith("i=", StringComparison.Ordinal)
                && (!long.TryParse(attribute.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations > MaxIterations))
            {
                throw new EmailSendException(
                    EmailSendFailure.Authentication,
                    isTransient: false,
                    $"The SMTP server asked {mechanism} for {(iterations > 0 ? iterations.ToString("N0", CultureInfo.InvariantCulture) : "an unreadable number of")} iterations, over the {MaxIterations.ToString("N0", CultureInfo.InvariantCulture)} this client computes; authentication was abandoned and nothing was sent.")
                {
                    Provider = SmtpFailure.ProviderName,
                };
            }
        }
    }
}
