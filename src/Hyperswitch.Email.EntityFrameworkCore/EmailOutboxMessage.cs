namespace Hyperswitch.Email.EntityFrameworkCore;

/// <summary>
/// One email in the outbox: the message as MIME bytes with its <c>Message-ID</c> fixed, and where its delivery stands.
/// Added to the application's model by <c>modelBuilder.AddEmailOutbox()</c>; rows are written by the outbox and the
/// dispatcher, and may be read (for example to list failed emails).
/// </summary>
public sealed class EmailOutboxMessage
{
    /// <summary>Gets the row's key.</summary>
    public Guid Id { get; internal set; }

    /// <summary>Gets the <c>Message-ID</c> of the stored message (without angle brackets), the same on every attempt.</summary>
    public string MessageId { get; internal set; } = string.Empty;

    /// <summary>Gets the message as RFC 5322 bytes, built, validated and signed when it was enqueued.</summary>
    public byte[] Content { get; internal set; } = [];

    /// <summary>Gets where the delivery stands.</summary>
    public EmailOutboxStatus Status { get; internal set; }

    /// <summary>Gets how many times sending was attempted: counted when an attempt starts, before the message is sent.</summary>
    public int Attempts { get; internal set; }

    /// <summary>Gets when the email was enqueued (UTC).</summary>
    public DateTime EnqueuedAt { get; internal set; }

    /// <summary>Gets when the email may next be sent (UTC): the enqueue time, then the time its backoff ends.</summary>
    public DateTime NextAttemptAt { get; internal set; }

    /// <summary>Gets when the email was sent or failed for good (UTC), or <see langword="null"/> while it is pending.</summary>
    public DateTime? CompletedAt { get; internal set; }

    /// <summary>Gets the dispatcher instance that holds the claim, or last held it.</summary>
    public string? ClaimedBy { get; internal set; }

    /// <summary>Gets when the current claim expires (UTC); after that another dispatcher may take the email over.</summary>
    public DateTime? ClaimedUntil { get; internal set; }

    /// <summary>Gets the token of the current claim; an outcome is recorded only by the claim that still holds it.</summary>
    public Guid? ClaimToken { get; internal set; }

    /// <summary>Gets the last error (never a secret), or <see langword="null"/>.</summary>
    public string? LastError { get; internal set; }

    /// <summary>Gets the SMTP reply code of the last failure, for example <c>421</c> or <c>550</c>, or <see langword="null"/>.</summary>
    public int? LastSmtpStatusCode { get; internal set; }

    /// <summary>
    /// Gets a value indicating whether an attempt may have delivered the message without an outcome saying so: its
    /// connection was lost after the final dot of DATA, or it started and never got an outcome (see
    /// <see cref="AttemptStartedAt"/>). A later attempt resends it with the same <c>Message-ID</c> (see
    /// <see cref="EmailOutboxOptions.ResendWhenDeliveryUncertain"/>). Once set it stays set, whatever comes after.
    /// </summary>
    public bool DeliveryUncertain { get; internal set; }

    /// <summary>
    /// Gets when the attempt in progress started (UTC), or <see langword="null"/> when none is: stamped (and
    /// <see cref="Attempts"/> counted) in the database before the message is sent, and cleared when its outcome is recorded.
    /// A row on which it is set and whose claim has ended is an attempt that never got an outcome (its dispatcher died,
    /// or was stopped mid-send): the server may have the message. The next claim sends it again marked
    /// <see cref="DeliveryUncertain"/>, or, with <see cref="EmailOutboxOptions.ResendWhenDeliveryUncertain"/> off, marks it
    /// <see cref="EmailOutboxStatus.Failed"/> and uncertain without sending it.
    /// </summary>
    public DateTime? AttemptStartedAt { get; internal set; }

    internal static EmailOutboxMessage Create(PreparedEmail email, DateTime now) => new()
    {
        Id = Guid.NewGuid(),
        MessageId = email.MessageId,
        Content = email.Content.ToArray(),
        Status = EmailOutboxStatus.Pending,
        EnqueuedAt = now,
        NextAttemptAt = now,
    };
}
