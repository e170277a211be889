using Microsoft.EntityFrameworkCore;

namespace Hyperswitch.Email.EntityFrameworkCore;

/// <summary>
/// Queues email in the application's database for the dispatcher to send: in the caller's own transaction with
/// <see cref="AddAsync(DbContext, EmailMessage, CancellationToken)"/> (or <see cref="Add"/>), or on its own with <see cref="EnqueueAsync(EmailMessage, CancellationToken)"/>. Registered by
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
    /// <see cref="AddAsync(DbContext, EmailMessage, CancellationToken)"/>, scheduled for
    /// <see cref="EmailEnqueueOptions.NotBefore"/> and keyed by <see cref="EmailEnqueueOptions.IdempotencyKey"/>.
    /// </summary>
    /// <remarks>
    /// With a key, the outbox first looks for it in <paramref name="context"/> (an email added but not saved yet) and
    /// then in the database, through the context's connection and so inside the caller's transaction if one is open.
    /// When it is found, nothing is added and the row found is returned (not tracked): the caller's
    /// <c>SaveChangesAsync</c> stores its own rows and no second email. When two requests with the same key race (both
    /// looked before either committed), the unique index refuses the second: its <c>SaveChangesAsync</c> (or commit)
    /// throws <c>DbUpdateException</c> and, being one transaction, stores none of its rows — retry it, and the retry
    /// finds the first one's email.
    /// </remarks>
    /// <param name="context">The application's context; its model must include the outbox (<c>modelBuilder.AddEmailOutbox()</c>).</param>
    /// <param name="message">The message.</param>
    /// <param name="options">When to send it, and its idempotency key.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The outbox row, not saved yet; or the row already stored (or added) with the same idempotency key.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><see cref="EmailEnqueueOptions.IdempotencyKey"/> is empty, white space or longer than <see cref="EmailEnqueueOptions.MaxIdempotencyKeyLength"/>.</exception>
    /// <exception cref="InvalidOperationException">The context's model has no outbox.</exception>
    /// <exception cref="EmailParseException">An address in the message is not a valid email address. Nothing was queued.</exception>
    /// <exception cref="EmailBuildException">The message cannot be built. Nothing was queued.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled. Nothing was queued.</exception>
    Task<EmailOutboxMessage> AddAsync(DbContext context, EmailMessage message, EmailEnqueueOptions options, CancellationToken cancellationToken = default);

    /// <summary>
    /// Composes <paramref name="message"/> and adds it to <paramref name="context"/> without saving, like
    /// <see cref="AddAsync(DbContext, EmailMessage, CancellationToken)"/>, for callers that cannot await.
    /// </summary>
    /// <remarks>
    /// The library's <see cref="IEmailComposer"/> completes at the call, so this never blocks. A composer of your own that
    /// completes asynchronously (a template rendered or a list checked over the network) is refused with
    /// <see cref="NotSupportedException"/> rather than waited for on a blocked thread: use <see cref="AddAsync(DbContext, EmailMessage, CancellationToken)"/>.
    /// </remarks>
    /// <param name="context">The application's context; its model must include the outbox (<c>modelBuilder.AddEmailOutbox()</c>).</param>
    /// <param name="message">The message.</param>
    /// <returns>The outbox row, not saved yet.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The context's model has no outbox.</exception>
    /// <exception cref="EmailParseException">An address in the message is not a valid email address. Nothing was queued.</exception>
    /// <exception cref="EmailBuildException">The message cannot be built. Nothing was queued.</exception>
    /// <exception cref="NotSupportedException">The registered <see cref="IEmailComposer"/> completes asynchronously; use <see cref="AddAsync(DbContext, EmailMessage, CancellationToken)"/>. Nothing was queued.</exception>
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
    /// Composes <paramref name="message"/> and saves it to the outbox in a transaction of its own, scheduled for
    /// <see cref="EmailEnqueueOptions.NotBefore"/> and keyed by <see cref="EmailEnqueueOptions.IdempotencyKey"/>: when
    /// the key is stored already (also when a concurrent enqueue stored it first), nothing is added and the stored row is returned.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="options">When to send it, and its idempotency key.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The saved outbox row, or the one stored before with the same idempotency key.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><see cref="EmailEnqueueOptions.IdempotencyKey"/> is empty, white space or longer than <see cref="EmailEnqueueOptions.MaxIdempotencyKeyLength"/>.</exception>
    /// <exception cref="EmailParseException">An address in the message is not a valid email address. Nothing was queued.</exception>
    /// <exception cref="EmailBuildException">The message cannot be built. Nothing was queued.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    Task<EmailOutboxMessage> EnqueueAsync(EmailMessage message, EmailEnqueueOptions options, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels a queued email before it is sent: a <see cref="EmailOutboxStatus.Pending"/> email with no attempt in
    /// progress becomes <see cref="EmailOutboxStatus.Cancelled"/> and is never sent. A dispatcher that claimed it but had
    /// not started its attempt loses the claim and does not send it.
    /// </summary>
    /// <param name="id">The email's <see cref="EmailOutboxMessage.Id"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>
    /// <see langword="true"/> when it was cancelled; <see langword="false"/> when there is no such email, it is no
    /// longer pending (sent, failed, discarded, cancelled already), or an attempt to send it is in progress (read the row
    /// to tell which).
    /// </returns>
    Task<bool> CancelAsync(Guid id, CancellationToken cancellationToken = default);

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
