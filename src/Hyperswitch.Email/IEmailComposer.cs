namespace Hyperswitch.Email;

/// <summary>
/// Turns an <see cref="EmailMessage"/> into the <see cref="PreparedEmail"/> every provider sends: validated, built from
/// the configured sender, signed when <c>Email:Dkim</c> is set, and within <c>Email:MaxMessageSize</c>.
/// </summary>
/// <remarks>
/// Registered by <c>services.AddEmail(configuration)</c> and <c>services.AddSmtpEmail(configuration)</c>, and read from
/// the current options, so that a change applies to the next message. A queue composes when it enqueues, so that bad
/// input fails in the caller's request and every attempt sends the identical bytes. Implementations are thread-safe.
/// </remarks>
public interface IEmailComposer
{
    /// <summary>Validates, builds, signs and measures <paramref name="message"/>.</summary>
    /// <param name="message">The message to compose.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The prepared message, with its envelope, its bytes and its <c>Message-ID</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="EmailParseException">An address in the message (or the configured sender) is not a valid email address.</exception>
    /// <exception cref="EmailBuildException">The message cannot be built, for example it has no recipient or is over <c>Email:MaxMessageSize</c>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    ValueTask<PreparedEmail> ComposeAsync(EmailMessage message, CancellationToken cancellationToken = default);
}
