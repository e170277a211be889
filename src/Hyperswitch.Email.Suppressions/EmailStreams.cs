namespace Hyperswitch.Email.Suppressions;

/// <summary>
/// The stream of a message: a name for a kind of mail (<c>newsletter</c>, <c>marketing</c>), carried in the
/// <see cref="HeaderName"/> header, that an unsubscribe suppresses without stopping the others. Mail without a stream
/// (password resets, confirmations) is refused only by entries for all mail.
/// </summary>
public static class EmailStreams
{
    /// <summary>The header that names a message's stream: <c>X-Email-Stream</c>.</summary>
    public const string HeaderName = "X-Email-Stream";

    /// <summary>Sets the stream of <paramref name="message"/> (the <see cref="HeaderName"/> header).</summary>
    /// <param name="message">The message.</param>
    /// <param name="stream">The stream's name, for example <c>newsletter</c>: letters, digits, <c>-</c>, <c>_</c> and <c>.</c>, up to 100 characters.</param>
    /// <returns>The <paramref name="message"/>, so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not a valid stream name.</exception>
    public static EmailMessage WithStream(this EmailMessage message, string stream)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Headers[HeaderName] = Validate(stream);
        return message;
    }

    /// <summary>Checks and normalizes (lower case) a stream name.</summary>
    internal static string Validate(string stream, string parameter = "stream")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stream, parameter);
        var trimmed = stream.Trim();
        if (trimmed == EmailSuppression.AllStreams)
        {
            return trimmed;
        }

        if (trimmed.Length > EmailSuppression.MaxStreamLength || !trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException($"'{trimmed}' is not a stream name: use letters, digits, '-', '_' and '.', up to {EmailSuppression.MaxStreamLength} characters.", parameter);
        }

        return trimmed.ToLowerInvariant();
    }
}
