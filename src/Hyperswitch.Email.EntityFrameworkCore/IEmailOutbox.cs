using Microsoft.EntityFrameworkCore;

namespace Hyperswitch.Email.EntityFrameworkCore;

/// <summary>
/// Queues email in the application's database for the dispatcher to send: in the caller's own transaction with
/// <see cref="AddAsync"/> (or <see cref="Add"/>), or on its own with <see cref="EnqueueAsync"/>. Registered by
/// <c>services.AddEmailOutbox&lt;TContext&gt;()</c>.
/// </summary>
/// <remarks>
/// The message is composed with the registered <see cref="IEmailComposer"/> (built, validated and signed) when it is
/// queued, so bad input fails in the request with the core's typed errors, and every attempt sends the identical bytes
/// with the same <c>Message-ID</c>. The dispatcher sends them with <see cref="PreparedEmailSender"/>, through the
/// <see cref="EmailSendPipeline"/> around the provider <c>Email:ActiveEmailClient</c> chose: send hooks, logs, metrics
/// and traces see queued emails as they see direct ones.
/// </remarks>
public interface IEmailOutbox
{
    /// <summary>
    /// Composes <paramref name="message"/> and adds it to <paramref name="context"/> without saving: the caller's
    /// <c>SaveChangesAsync</c> commits it with the caller's own rows, in one transaction, and wakes this instance's dispatcher.
    /// </summary>
    /// <param name="context">The application's context; its model must include the outbox (<c>modelBuilder.AddEmailOutbox()</c>).</param>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The outbox row, not saved yet.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The context's model has no outbox.</exception>
    /// <exception cref="EmailParseException">An address in the message is not a valid email address. Nothing was queued.</exception>
    /// <exception cref="EmailBuildException">The message cannot be built. Nothing was queued.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled. Nothing was queued.</exception>
    Task<EmailOutboxMessage> AddAsync(DbContext context, EmailMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Composes <paramref name="message"/> and adds it to <paramref name="context"/> without saving, like
    /// <see cref="AddAsync"/>, for callers that cannot await.
    /// </summary>
    /// <remarks>
    /// The library's <see cref="IEmailComposer"/> completes at the call, so this never blocks. A composer of your own that
    /// completes asynchronously (a template rendered or a list checked over the network) is refused with
    /// <see cref="NotSupportedException"/> rather than waited for on a blocked thread: use <see cref="AddAsync"/>.
    /// </remarks>
    /// <param name="context">The application's context; its model must include the outbox (<c>modelBuilder.AddEmailOutbox()</c>).</param>
    /// <param name="message">The message.</param>
    /// <returns>The outbox row, not saved yet.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The context's model has no outbox.</exception>
    /// <exception cref="EmailParseException">An address in the message is not a valid email address. Nothing was queued.</exception>
    /// <exception cref="EmailBuildException">The message cannot be built. Nothing was queued.</exception>
    /// <exception cref="NotSupportedException">The registered <see cref="IEmailComposer"/> completes asynchronously; use <see cref="AddAsync"/>. Nothing was queued.</exception>
    EmailOutboxMessage Add(DbContext context, EmailMessage message);

    /// <summary>Composes <paramref name="message"/>, saves it to the outbox in a transaction of its own, and wakes the dispatcher.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The saved outbox row.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="EmailParseException">An address in the message is not a valid email address. Nothing was queued.</exception>
    /// <exception cref="EmailBuildException">The message cannot be built. Nothing was queued.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    Task<EmailOutboxMessage> EnqueueAsync(EmailMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts every <see cref="EmailOutboxStatus.Failed"/> email back in the queue, due now with its attempts reset, for
    /// example after a wrong password or a refused sender was fixed. Each is sent again with its own <c>Message-ID</c>.
    /// </summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>How many emails were put back.</returns>
    Task<int> RequeueFailedAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads how many emails are pending and failed, and how long the oldest pending one has waited.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The figures.</returns>
    Task<EmailOutboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default);
}
