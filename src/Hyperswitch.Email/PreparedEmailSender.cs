using Hyperswitch.Email.Internal;

namespace Hyperswitch.Email;

/// <summary>
/// Sends a <see cref="PreparedEmail"/> through the provider that <c>Email:ActiveEmailClient</c> chose, inside the one
/// <see cref="EmailSendPipeline"/> (hooks, logs, metrics, traces, the provider's retries): how a queue such as the
/// outbox sends what it stored.
/// </summary>
/// <remarks>
/// Registered as a singleton by <c>services.AddEmail(configuration)</c> and <c>services.AddSmtpEmail(configuration)</c>.
/// It goes around any decorator of <see cref="IEmailClient"/>; extend the send path with <see cref="IEmailSendHook"/>,
/// which runs here too. Thread-safe.
/// </remarks>
public sealed class PreparedEmailSender
{
    private readonly EmailSendPipeline _pipeline;
    private readonly IEmailTransport _transport;

    internal PreparedEmailSender(EmailSendPipeline pipeline, IEmailTransport transport)
    {
        _pipeline = pipeline;
        _transport = transport;
    }

    /// <summary>Gets the name of the provider that sends, for example <c>SMTP</c> or <c>NO_EMAIL_CLIENT</c>.</summary>
    public string ProviderName => _transport.Name;

    /// <summary>Gets whether the provider discards every message instead of sending it (<c>NO_EMAIL_CLIENT</c>).</summary>
    public bool Discards => EmailProviderNames.AreSame(_transport.Name, EmailProviderNames.NoEmailClient);

    /// <summary>Sends <paramref name="email"/> as it was prepared: the same headers and body, its <c>Message-ID</c> and DKIM signature intact.</summary>
    /// <param name="email">The prepared message.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the provider has accepted the message.</returns>
    /// <remarks>
    /// With <c>Email:RateLimit</c> set, or after a throttling reply, it waits for the email's turn as long as it takes
    /// (not only <c>Email:RateLimit:MaxWait</c>, as a direct send does): a queue paces itself to the limit rather than
    /// failing. Only <paramref name="cancellationToken"/> ends the wait.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="email"/> is <see langword="null"/>.</exception>
    /// <exception cref="EmailSendException">The provider could not be reached or did not accept the message, or a send hook refused it; see <see cref="EmailSendException.IsTransient"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public Task SendAsync(PreparedEmail email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        return _pipeline.SendAsync(email, _transport, queued: true, cancellationToken);
    }
}
