namespace Hyperswitch.Email;

/// <summary>
/// Runs around every send, whatever the provider and whether the message came straight from the application or from
/// a queue: the extension point for rate limits, staging redirects and suppression lists, and for auditing.
/// </summary>
/// <remarks>
/// Register one with <c>services.AddEmailSendHook&lt;THook&gt;()</c>; hooks are singletons and run in registration
/// order. To refuse a send, throw an <see cref="EmailSendException"/> from <see cref="OnSendingAsync"/> (for example
/// with <see cref="EmailSendFailure.RateLimited"/> or <see cref="EmailSendFailure.Suppressed"/>): nothing is sent, the
/// failure is logged and counted like a provider's, and <see cref="OnFailedAsync"/> runs. Every member has an empty
/// default, so a hook implements only what it needs. Implementations are thread-safe.
/// </remarks>
public interface IEmailSendHook
{
    /// <summary>Runs before the provider is called (once per send, not per retry).</summary>
    /// <param name="context">The message and the provider.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    /// <exception cref="EmailSendException">The hook refuses the send; nothing is sent.</exception>
    ValueTask OnSendingAsync(EmailSendContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Runs after the provider accepted the message.</summary>
    /// <param name="context">The message and the provider.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    /// <remarks>
    /// The message was sent: an exception (or a cancellation) here is logged as <c>EmailSendHookFailed</c> (event 8) and
    /// never reaches the caller, which would take the send for failed and might send it twice.
    /// </remarks>
    ValueTask OnSentAsync(EmailSendContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Runs after the send failed (a provider's failure once retries are spent, or a hook's refusal); the exception is then rethrown to the caller.</summary>
    /// <param name="context">The message and the provider.</param>
    /// <param name="exception">Why the send failed; never an <see cref="OperationCanceledException"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    /// <remarks>An exception thrown here is logged as <c>EmailSendHookFailed</c> (event 8); the caller gets the send's own exception.</remarks>
    ValueTask OnFailedAsync(EmailSendContext context, Exception exception, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
