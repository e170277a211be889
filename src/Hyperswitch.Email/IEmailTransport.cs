namespace Hyperswitch.Email;

/// <summary>
/// A provider: sends a <see cref="PreparedEmail"/> and nothing else. The library runs one pipeline around every
/// provider (<see cref="EmailSendPipeline"/>: send hooks, logs, metrics, traces and resilience), so a provider only
/// transmits.
/// </summary>
/// <remarks>
/// Transmit <see cref="PreparedEmail.WriteToAsync"/>'s output (it leaves <c>Bcc</c> out) from
/// <see cref="PreparedEmail.Sender"/> to <see cref="PreparedEmail.Recipients"/>, and map the provider's own errors to
/// an <see cref="EmailSendException"/> with <see cref="EmailSendException.Provider"/> set to <see cref="Name"/>, its
/// <see cref="EmailSendException.ProviderErrorCode"/> and whether it is transient. Implementations are thread-safe.
/// </remarks>
public interface IEmailTransport
{
    /// <summary>Gets the provider's name, as <c>Email:ActiveEmailClient</c> names it (for example <c>SMTP</c>); it tags the metrics and traces.</summary>
    string Name { get; }

    /// <summary>Transmits <paramref name="email"/> once: no retries, hooks or telemetry, which the pipeline adds.</summary>
    /// <param name="email">The message to transmit.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the provider has accepted the message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="email"/> is <see langword="null"/>.</exception>
    /// <exception cref="EmailSendException">The provider could not be reached or did not accept the message.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    Task SendAsync(PreparedEmail email, CancellationToken cancellationToken = default);
}
