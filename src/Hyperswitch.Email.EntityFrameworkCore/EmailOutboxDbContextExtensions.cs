using Hyperswitch.Email;
using Hyperswitch.Email.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Extension methods for queuing email in a <see cref="DbContext"/>.</summary>
public static class EmailOutboxDbContextExtensions
{
    /// <summary>
    /// Composes <paramref name="message"/> and adds it to the context's email outbox without saving: the next
    /// <c>SaveChangesAsync</c> commits it together with the other changes, in one transaction.
    /// </summary>
    /// <remarks>
    /// Synchronous, for callers that cannot await; see <see cref="IEmailOutbox.Add"/>. The library's composer completes at
    /// the call; a composer of your own that completes asynchronously needs <see cref="AddEmailAsync(DbContext, EmailMessage, CancellationToken)"/>.
    /// </remarks>
    /// <param name="context">A context registered with <c>AddDbContext</c> in an application that called <c>AddEmailOutbox</c>.</param>
    /// <param name="message">The message.</param>
    /// <returns>The outbox row, not saved yet.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The context was not made by the application's service provider, <c>AddEmailOutbox</c> was not called, or the model has no outbox.</exception>
    /// <exception cref="EmailParseException">An address in the message is not a valid email address. Nothing was queued.</exception>
    /// <exception cref="EmailBuildException">The message cannot be built. Nothing was queued.</exception>
    /// <exception cref="NotSupportedException">The registered <see cref="IEmailComposer"/> completes asynchronously; use <see cref="AddEmailAsync(DbContext, EmailMessage, CancellationToken)"/>. Nothing was queued.</exception>
    public static EmailOutboxMessage AddEmail(this DbContext context, EmailMessage message)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(message);
        return OutboxOf(context).Add(context, message);
    }

    /// <summary>
    /// Composes <paramref name="message"/> with the registered <see cref="IEmailComposer"/> and adds it to the context's
    /// email outbox without saving: the next <c>SaveChangesAsync</c> commits it together with the other changes, in one transaction.
    /// </summary>
    /// <param name="context">A context registered with <c>AddDbContext</c> in an application that called <c>AddEmailOutbox</c>.</param>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The outbox row, not saved yet.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The context was not made by the application's service provider, <c>AddEmailOutbox</c> was not called, or the model has no outbox.</exception>
    /// <exception cref="EmailParseException">An address in the message is not a valid email address. Nothing was queued.</exception>
    /// <exception cref="EmailBuildException">The message cannot be built. Nothing was queued.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled. Nothing was queued.</exception>
    public static Task<EmailOutboxMessage> AddEmailAsync(this DbContext context, EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(message);
        return OutboxOf(context).AddAsync(context, message, cancellationToken);
    }

    /// <summary>
    /// Composes <paramref name="message"/> and adds it to the context's email outbox without saving, scheduled for
    /// <see cref="EmailEnqueueOptions.NotBefore"/> and keyed by <see cref="EmailEnqueueOptions.IdempotencyKey"/>: a key
    /// already stored (or added to this context) adds nothing and returns that row. See
    /// <see cref="IEmailOutbox.AddAsync(DbContext, EmailMessage, EmailEnqueueOptions, CancellationToken)"/> for how it
    /// behaves inside the caller's transaction.
    /// </summary>
    /// <param name="context">A context registered with <c>AddDbContext</c> in an application that called <c>AddEmailOutbox</c>.</param>
    /// <param name="message">The message.</param>
    /// <param name="options">When to send it, and its idempotency key.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The outbox row, not saved yet; or the row already stored (or added) with the same idempotency key.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><see cref="EmailEnqueueOptions.IdempotencyKey"/> is empty, white space or too long.</exception>
    /// <exception cref="InvalidOperationException">The context was not made by the application's service provider, <c>AddEmailOutbox</c> was not called, or the model has no outbox.</exception>
    /// <exception cref="EmailParseException">An address in the message is not a valid email address. Nothing was queued.</exception>
    /// <exception cref="EmailBuildException">The message cannot be built. Nothing was queued.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled. Nothing was queued.</exception>
    public static Task<EmailOutboxMessage> AddEmailAsync(this DbContext context, EmailMessage message, EmailEnqueueOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(options);
        return OutboxOf(context).AddAsync(context, message, options, cancellationToken);
    }

    /// <summary>
    /// Renders <paramref name="emailData"/> for <paramref name="baseUrl"/>, builds it and adds it to the context's email
    /// outbox without saving: the queued counterpart of <c>ComposeAndSendAsync</c>.
    /// </summary>
    /// <param name="context">A context registered with <c>AddDbContext</c> in an application that called <c>AddEmailOutbox</c>.</param>
    /// <param name="baseUrl">The absolute URL of the application that links in the email are built on.</param>
    /// <param name="emailData">The email to render.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The outbox row, not saved yet.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="baseUrl"/> is not an absolute URL.</exception>
    /// <exception cref="InvalidOperationException">The context was not made by the application's service provider, <c>AddEmailOutbox</c> was not called, or the model has no outbox.</exception>
    /// <exception cref="EmailParseException">The recipient is not a valid email address. Nothing was queued.</exception>
    /// <exception cref="EmailBuildException">The message cannot be built. Nothing was queued.</exception>
    public static async Task<EmailOutboxMessage> AddEmailAsync(this DbContext context, Uri baseUrl, IEmailData emailData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(emailData);
        var outbox = OutboxOf(context);
        var message = await emailData.ComposeAsync(baseUrl, cancellationToken).ConfigureAwait(false);
        return await outbox.AddAsync(context, message, cancellationToken).ConfigureAwait(false);
    }

    private static IEmailOutbox OutboxOf(DbContext context)
    {
        var services = context.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider;
        return services?.GetService<IEmailOutbox>()
            ?? throw new InvalidOperationException(
                $"No email outbox is registered for {context.GetType().Name}: call services.AddEmailOutbox<{context.GetType().Name}>() and register the context with AddDbContext, or use IEmailOutbox.AddAsync.");
    }
}
