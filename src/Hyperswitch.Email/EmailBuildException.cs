namespace Hyperswitch.Email;

/// <summary>
/// A message cannot be built: it has no recipient, a header (subject, display name) contains CR, LF, NUL or another
/// line-breaking character, or a custom header is one the library or the envelope decides. Nothing was sent.
/// </summary>
public sealed class EmailBuildException : EmailException
{
    /// <summary>Initializes a new instance of the <see cref="EmailBuildException"/> class.</summary>
    /// <param name="field">The field at fault, for example <c>Subject</c> or <c>To</c>.</param>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    public EmailBuildException(string field, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(field);
        Field = field;
    }

    /// <summary>Gets the field at fault, for example <c>Subject</c>, <c>To</c> or <c>Cc[0].DisplayName</c>.</summary>
    public string Field { get; }
}
