namespace Hyperswitch.Email.EntityFrameworkCore;

/// <summary>
/// How an email is queued: when it may be sent at the earliest, and the key that makes a repeated enqueue a no-op.
/// Passed to <c>db.AddEmailAsync(message, options)</c>, <see cref="IEmailOutbox.AddAsync(Microsoft.EntityFrameworkCore.DbContext, EmailMessage, EmailEnqueueOptions, CancellationToken)"/>
/// and <see cref="IEmailOutbox.EnqueueAsync(EmailMessage, EmailEnqueueOptions, CancellationToken)"/>.
/// </summary>
public sealed class EmailEnqueueOptions
{
    /// <summary>The longest <see cref="IdempotencyKey"/>: the column's length, short enough to index on every provider.</summary>
    public const int MaxIdempotencyKeyLength = 200;

    /// <summary>
    /// Gets or sets the earliest time the email may be sent (a reminder in 24 hours), or <see langword="null"/> to send
    /// it as soon as possible. A time in the past means now. The dispatcher finds a scheduled email by its poll, so it
    /// goes out at most <see cref="EmailOutboxOptions.PollInterval"/> after this time (later when the queue is behind).
    /// Until then it can be cancelled with <see cref="IEmailOutbox.CancelAsync"/>.
    /// </summary>
    /// <value>The default is <see langword="null"/>: as soon as possible.</value>
    public DateTimeOffset? NotBefore { get; set; }

    /// <summary>
    /// Gets or sets a key that identifies this email among all emails of the outbox (a retried HTTP request passes the
    /// same key), or <see langword="null"/> for none. A unique index on <see cref="EmailOutboxMessage.IdempotencyKey"/>
    /// enforces it: an enqueue whose key is already stored adds nothing and returns the stored row, whatever the
    /// message says. The key is remembered as long as the row is: until <see cref="EmailOutboxOptions.SentRetention"/>
    /// has passed after it was sent (or cancelled). At most <see cref="MaxIdempotencyKeyLength"/> characters.
    /// </summary>
    /// <value>The default is <see langword="null"/>: every enqueue adds an email.</value>
    public string? IdempotencyKey { get; set; }
}
