namespace Hyperswitch.Email;

/// <summary>Extension methods for <see cref="IEmailClient"/> and <see cref="IEmailData"/>.</summary>
public static class EmailClientExtensions
{
    /// <summary>
    /// Renders <paramref name="emailData"/> for <paramref name="baseUrl"/> and sends the result to its recipient from the
    /// configured sender: Hyperswitch's <c>compose_and_send_email</c>.
    /// </summary>
    /// <param name="client">The client to send with.</param>
    /// <param name="baseUrl">The absolute URL of the application that links in the email are built on, for example <c>https://shop.example/</c>.</param>
    /// <param name="emailData">The email to render and send.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the server has accepted the message.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="baseUrl"/> is not an absolute URL.</exception>
    /// <exception cref="EmailParseException">The recipient is not a valid email address. Nothing was sent.</exception>
    /// <exception cref="EmailBuildException">The message cannot be built, for example the subject contains CR or LF. Nothing was sent.</exception>
    /// <exception cref="EmailSendException">The server could not be reached or did not accept the message; see <see cref="EmailSendException.IsTransient"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    /// <remarks>An exception thrown by <see cref="IEmailData.GetEmailContentsAsync"/> propagates unchanged, and nothing is sent.</remarks>
    public static async Task ComposeAndSendAsync(this IEmailClient client, Uri baseUrl, IEmailData emailData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var message = await emailData.ComposeAsync(baseUrl, cancellationToken).ConfigureAwait(false);
        await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Renders <paramref name="emailData"/> for <paramref name="baseUrl"/> into the message to send from the configured
    /// sender, for a caller that sends or queues it itself (for example in an outbox).
    /// </summary>
    /// <param name="emailData">The email to render.</param>
    /// <param name="baseUrl">The absolute URL of the application that links in the email are built on, for example <c>https://shop.example/</c>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The message: recipient, subject, HTML body and, when given, the text body.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="baseUrl"/> is not an absolute URL.</exception>
    /// <exception cref="InvalidOperationException"><see cref="IEmailData.GetEmailContentsAsync"/> returned <see langword="null"/>.</exception>
    public static async Task<EmailMessage> ComposeAsync(this IEmailData emailData, Uri baseUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(emailData);
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!baseUrl.IsAbsoluteUri)
        {
            throw new ArgumentException($"The base URL must be absolute, such as https://shop.example/ (it is '{baseUrl}').", nameof(baseUrl));
        }

        var contents = await emailData.GetEmailContentsAsync(baseUrl, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{emailData.GetType().Name}.{nameof(IEmailData.GetEmailContentsAsync)} returned null.");
        return new EmailMessage(contents.Recipient, contents.Subject, contents.HtmlBody) { TextBody = contents.TextBody };
    }
}
