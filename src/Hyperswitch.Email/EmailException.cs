namespace Hyperswitch.Email;

/// <summary>The base of every error the email service reports about a message or its delivery.</summary>
/// <remarks>
/// Catch <see cref="EmailException"/> to handle all email failures in one place, or one of
/// <see cref="EmailParseException"/>, <see cref="EmailBuildException"/> and <see cref="EmailSendException"/>
/// to tell bad input from a delivery failure. Cancellation is never reported as an <see cref="EmailException"/>.
/// </remarks>
public abstract class EmailException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="EmailException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    protected EmailException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
