namespace Hyperswitch.Email;

/// <summary>
/// Sends email for an application's signup and login flows (verify email, magic link, password reset, invite).
/// </summary>
/// <remarks>
/// Register an implementation with <c>services.AddSmtpEmail(configuration)</c> and inject <see cref="IEmailClient"/>
/// where an email must be sent. Implementations are thread-safe. The built-in clients compose with
/// <see cref="IEmailComposer"/> and send through the one <see cref="EmailSendPipeline"/> (send hooks, logs, metrics,
/// traces, retries) around their provider (<see cref="IEmailTransport"/>), on both <c>SendAsync</c> overloads.
/// </remarks>
public interface IEmailClient
{
    /// <summary>Builds <paramref name="message"/> and sends it.</summary>
    /// <param name="message">The message to send. It is validated before anything is sent.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the server has accepted the message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="EmailParseException">An address in the message (or the configured sender) is not a valid email address. Nothing was sent.</exception>
    /// <exception cref="EmailBuildException">The message cannot be built, for example it has no recipient or a header contains CR or LF. Nothing was sent.</exception>
    /// <exception cref="EmailSendException">The server could not be reached or did not accept the message; see <see cref="EmailSendException.IsTransient"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Builds, validates and (when <c>Email:Dkim</c> is set) signs <paramref name="message"/> without sending it, and
    /// returns it as MIME bytes with its <c>Message-ID</c> fixed, for a queue to store and send later with
    /// <see cref="SendAsync(PreparedEmail, CancellationToken)"/>.
    /// </summary>
    /// <remarks>Synchronous; new code, the outbox included, composes with <see cref="IEmailComposer.ComposeAsync"/>, which takes a token.</remarks>
    /// <param name="message">The message to build.</param>
    /// <returns>The prepared message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="EmailParseException">An address in the message (or the configured sender) is not a valid email address.</exception>
    /// <exception cref="EmailBuildException">The message cannot be built, for example it has no recipient or is over <c>Email:MaxMessageSize</c>.</exception>
    /// <exception cref="NotSupportedException">This client cannot prepare messages (the default for implementations outside this library).</exception>
    PreparedEmail Prepare(EmailMessage message) =>
        throw new NotSupportedException($"{GetType().Name} cannot prepare messages for later sending.");

    /// <summary>
    /// Sends a message that <see cref="Prepare"/> built: the same headers and body, with its <c>Message-ID</c> and any DKIM
    /// signature intact (the SMTP client leaves <c>Bcc</c> out of what it transmits, as for every message).
    /// </summary>
    /// <param name="email">The prepared message.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the server has accepted the message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="email"/> is <see langword="null"/>.</exception>
    /// <exception cref="EmailSendException">The server could not be reached or did not accept the message; see <see cref="EmailSendException.IsTransient"/>.</exception>
    /// <exception cref="NotSupportedException">This client cannot send prepared messages (the default for implementations outside this library).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    Task SendAsync(PreparedEmail email, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{GetType().Name} cannot send prepared messages.");

    /// <summary>Sends an HTML email with <paramref name="subject"/> to one <paramref name="recipient"/>, from the configured sender.</summary>
    /// <param name="recipient">The recipient's email address, for example <c>jane@example.com</c>.</param>
    /// <param name="subject">The subject line.</param>
    /// <param name="htmlBody">The HTML body.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the server has accepted the message.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="EmailParseException"><paramref name="recipient"/> is not a valid email address. Nothing was sent.</exception>
    /// <exception cref="EmailBuildException">The message cannot be built, for example <paramref name="subject"/> contains CR or LF. Nothing was sent.</exception>
    /// <exception cref="EmailSendException">The server could not be reached or did not accept the message; see <see cref="EmailSendException.IsTransient"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    Task SendEmailAsync(string recipient, string subject, string htmlBody, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(htmlBody);
        return SendAsync(new EmailMessage(recipient, subject, htmlBody), cancellationToken);
    }
}
