namespace Hyperswitch.Email;

/// <summary>
/// One kind of email an application sends (verify email, reset password, magic link, invite): it knows its recipient
/// and renders its subject and body, with links built on the application's base URL.
/// </summary>
/// <remarks>
/// Send it with <see cref="EmailClientExtensions.ComposeAndSendAsync(IEmailClient, Uri, IEmailData, CancellationToken)"/>.
/// This is Hyperswitch's <c>EmailData</c>: the flow decides what to send, the client how.
/// </remarks>
public interface IEmailData
{
    /// <summary>Renders the email, building its links on <paramref name="baseUrl"/>.</summary>
    /// <param name="baseUrl">The absolute URL of the application, for example <c>https://shop.example/</c>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The recipient, subject and body of the email.</returns>
    ValueTask<EmailContents> GetEmailContentsAsync(Uri baseUrl, CancellationToken cancellationToken = default);
}
