namespace Hyperswitch.Email.EntityFrameworkCore;

/// <summary>Where an email in the outbox stands. Stored as an integer.</summary>
public enum EmailOutboxStatus
{
    /// <summary>Waiting to be sent, or to be sent again after a transient failure (see <see cref="EmailOutboxMessage.NextAttemptAt"/>).</summary>
    Pending = 0,

    /// <summary>The server accepted it. The row is deleted after <see cref="EmailOutboxOptions.SentRetention"/>.</summary>
    Sent = 1,

    /// <summary>
    /// Refused for good (a <c>5xx</c> reply, an invalid stored message) or out of attempts: never retried, kept with
    /// the error and the SMTP code so that someone can look at it.
    /// </summary>
    Failed = 2,

    /// <summary>
    /// Thrown away, not sent: the active email client was <c>NO_EMAIL_CLIENT</c> (Hyperswitch's no-op client, the
    /// default of <c>AddEmail</c> when <c>Email:ActiveEmailClient</c> is not set). Never retried; the row is deleted after
    /// <see cref="EmailOutboxOptions.SentRetention"/>, like a sent one. <see cref="IEmailOutbox.RequeueFailedAsync"/> does not touch it.
    /// </summary>
    Discarded = 3,

    /// <summary>
    /// Cancelled by <see cref="IEmailOutbox.CancelAsync"/> before an attempt started: never sent, never retried; the row
    /// is deleted after <see cref="EmailOutboxOptions.SentRetention"/>, like a sent one.
    /// </summary>
    Cancelled = 4,
}
