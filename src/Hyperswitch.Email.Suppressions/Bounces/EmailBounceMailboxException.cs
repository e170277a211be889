namespace Hyperswitch.Email.Suppressions.Bounces;

/// <summary>The bounce mailbox could not be reached, logged into or read; the inner exception says why (never with the credentials).</summary>
public sealed class EmailBounceMailboxException : EmailException
{
    /// <summary>Initializes a new instance of the <see cref="EmailBounceMailboxException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    public EmailBounceMailboxException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
