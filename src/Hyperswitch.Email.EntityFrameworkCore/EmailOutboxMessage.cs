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

    /// <summary>
    /// Gets the name of the provider that reported the last failure (<see cref="EmailSendException.Provider"/>, for
    /// example <c>SMTP</c> or <c>PickupDirectory</c>), or <see langword="null"/> when it did not say or the failure was not
    /// a send failure (a timeout of the claim, an attempt without an outcome).
    /// </summary>
    public string? LastErrorProvider { get; internal set; }

    /// <summary>
    /// Gets the provider's own error code of the last failure (<see cref="EmailSendException.ProviderErrorCode"/>): for
    /// SMTP the enhanced status code, for example <c>5.1.1</c>; for another provider its API's code, for example
    /// <c>Throttling</c>. <see langword="null"/> when the provider gave none.
    /// </summary>
    public string? LastErrorCode { get; internal set; }

    /// <summary>
    /// Gets the numeric status of the last failure (<see cref="EmailSendException.SmtpStatusCode"/>): the SMTP reply code,
    /// for example <c>421</c> or <c>550</c>, or <see langword="null"/> when there was none.
    /// </summary>
    public int? LastStatusCode { get; internal set; }

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

    /// <summary>
    /// Gets the idempotency key the email was queued with (<see cref="EmailEnqueueOptions.IdempotencyKey"/>), unique in
    /// the outbox, or <see langword="null"/>.
    /// </summary>
    public string? IdempotencyKey { get; internal set; }

    /// <summary>The length of <see cref="LastErrorProvider"/> and <see cref="LastErrorCode"/>: a name or a code, never a text.</summary>
    internal const int MaxCodeLength = 100;

    /// <summary>Records the codes of <paramref name="failure"/> (all cleared for <see langword="null"/>), cut to their columns.</summary>
    internal void RecordError(EmailSendException? failure)
    {
        LastErrorProvider = Cut(failure?.Provider);
        LastErrorCode = Cut(failure?.ProviderErrorCode);
        LastStatusCode = failure?.SmtpStatusCode;

        // A provider's name or code is short; a longer one would fail the update and leave the claim to expire.
        static string? Cut(string? value) =>
            value is { Length: > MaxCodeLength } ? value[..MaxCodeLength] : value;
    }

    internal static EmailOutboxMessage Create(PreparedEmail email, DateTime now, DateTime? notBefore = null, string? idempotencyKey = null) => new()
    {
        Id = Guid.NewGuid(),
        MessageId = email.MessageId,
        Content = email.Content.ToArray(),
        Status = EmailOutboxStatus.Pending,
        EnqueuedAt = now,
        NextAttemptAt = notBefore is { } at && at > now ? at : now,
        IdempotencyKey = idempotencyKey,
    };
}
