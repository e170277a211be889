namespace Hyperswitch.Email;

/// <summary>
/// Sends email for an application's signup and login flows (verify email, magic link, password reset, invite).
/// </summary>
/// <remarks>
/// Register it with <c>services.AddSmtpEmail(configuration)</c> (or <c>services.AddEmail(configuration).AddSmtp()</c>)
/// and inject <see cref="IEmailClient"/> where an email must be sent. Implementations are thread-safe. The registered
/// client composes with <see cref="IEmailComposer"/> and sends through the one <see cref="EmailSendPipeline"/> (send
/// hooks, logs, metrics, traces, retries) around the provider <c>Email:ActiveEmailClient</c> chose
/// (<see cref="IEmailTransport"/>); a queue sends what it stored through <see cref="PreparedEmailSender"/>, the same pipeline.
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
