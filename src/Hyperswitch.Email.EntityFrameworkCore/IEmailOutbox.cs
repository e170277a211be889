using Microsoft.EntityFrameworkCore;

namespace Hyperswitch.Email.EntityFrameworkCore;

/// <summary>
/// Queues email in the application's database for the dispatcher to send: in the caller's own transaction with
/// <see cref="Add"/>, or on its own with <see cref="EnqueueAsync"/>. Registered by <c>services.AddEmailOutbox&lt;TContext&gt;()</c>.
/// </summary>
/// <remarks>
/// The message is built, validated and signed when it is queued, so bad input fails in the request with the core's
/// typed errors, and every attempt sends the identical bytes with the same <c>Message-ID</c>.
/// </remarks>
public interface IEmailOutbox
{
    /// <summary>
    /// Builds <paramref name="message"/> and adds it to <paramref name="context"/> without saving: the caller's
    /// <c>SaveChangesAsync</c> commits it with the caller's own rows, in one transaction, and wakes this instance's dispatcher.
    /// </summary>
    /// <param name="context">The application's context; its model must include the outbox (<c>modelBuilder.AddEmailOutbox()</c>).</param>
    /// <param name="message">The message.</param>
    /// <returns>The outbox row, not saved yet.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The context's model has no outbox.</exception>
    /// <exception cref="EmailParseException">An address in the message is not a valid email address. Nothing was queued.</exception>
    /// <exception cref="EmailBuildException">The message cannot be built. Nothing was queued.</exception>
    /// <exception cref="NotSupportedException">The registered <see cref="IEmailClient"/> cannot prepare messages (a client of your own, or a decorator that does not forward <see cref="IEmailClient.Prepare"/>).</exception>
    EmailOutboxMessage Add(DbContext context, EmailMessage message);

    /// <summary>Builds <paramref name="message"/>, saves it to the outbox in a transaction of its own, and wakes the dispatcher.</summary>
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
