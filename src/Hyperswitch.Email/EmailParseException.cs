namespace Hyperswitch.Email;

/// <summary>An email address does not parse, or is over the lengths SMTP allows (RFC 5321). Nothing was sent.</summary>
/// <remarks>The exception names the field the address came from; it does not repeat the address itself.</remarks>
public sealed class EmailParseException : EmailException
{
    /// <summary>Initializes a new instance of the <see cref="EmailParseException"/> class.</summary>
    /// <param name="field">The field that holds the address, for example <c>To[0]</c> or <c>Email:SenderEmail</c>.</param>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    public EmailParseException(string field, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(field);
        Field = field;
    }

    /// <summary>Gets the field that holds the address, for example <c>To[0]</c>, <c>ReplyTo[1]</c> or <c>From</c>.</summary>
    public string Field { get; }
}
