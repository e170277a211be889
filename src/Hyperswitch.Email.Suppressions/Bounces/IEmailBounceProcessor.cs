namespace Hyperswitch.Email.Suppressions.Bounces;

/// <summary>
/// Reads the bounce mailbox (<c>EmailBounces</c>) over IMAP: delivery status notifications (RFC 3464) and complaint
/// reports (ARF, RFC 5965) suppress their recipients and mark the outbox row of the email they report on; every message
/// read is flagged <c>\Seen</c>, and only unseen messages are read, so nothing is processed twice.
/// </summary>
/// <remarks>Registered by <c>services.AddEmailBounceProcessing&lt;TContext&gt;(configuration)</c>, with a background service that calls it every <c>EmailBounces:PollInterval</c>.</remarks>
public interface IEmailBounceProcessor
{
    /// <summary>Reads the mailbox once, now.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>What was read.</returns>
    /// <exception cref="EmailBounceMailboxException">The mailbox could not be reached, logged into or read within <c>EmailBounces:Timeout</c>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    Task<EmailBounceProcessingResult> ProcessAsync(CancellationToken cancellationToken = default);
}
