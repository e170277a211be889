using MimeKit;
using MimeKit.IO;

namespace Hyperswitch.Email.Internal;

/// <summary>Measures a message as it goes over SMTP: with CRLF line endings.</summary>
internal static class MessageSize
{

    public static long Measure(MimeMessage message)
    {
        using var measure = new MeasuringStream();
        message.WriteTo(WireFormat.Crlf, measure);
        return measure.Length;
    }

    /// <summary>Refuses a message over <c>Email:MaxMessageSize</c>, before any connection is opened.</summary>
    /// <exception cref="EmailBuildException">The message is too large.</exception>
    public static void EnsureWithin(MimeMessage message, long? limit)
    {
        if (limit is not > 0)
        {
            return;
        }

        message.Prepare(EncodingConstraint.SevenBit);
        var size = Measure(message);
        if (size > limit)
        {
            throw new EmailBuildException("MaxMessageSize", $"The message is {size} bytes, over the {limit} bytes that Email:MaxMessageSize allows; nothing was sent.");
        }
    }
}
