namespace Hyperswitch.Email.Suppressions;

/// <summary>
/// One entry of the suppression list: mail of <see cref="Stream"/> (or all mail) is not sent to <see cref="Address"/>.
/// Added to the application's model by <c>modelBuilder.AddEmailSuppressions()</c>; written through
/// <see cref="IEmailSuppressionList"/>.
/// </summary>
public sealed class EmailSuppression
{
    /// <summary>The <see cref="Stream"/> of an entry that suppresses all mail to the address, whatever its stream: <c>*</c>.</summary>
    public const string AllStreams = "*";

    /// <summary>The longest stream name.</summary>
    public const int MaxStreamLength = 100;

    /// <summary>Gets the row's key.</summary>
    public Guid Id { get; internal set; }

    /// <summary>Gets the suppressed address, normalized: trimmed, lower case, the domain in its ASCII (IDNA) form.</summary>
    public string Address { get; internal set; } = string.Empty;

    /// <summary>Gets the stream whose mail is suppressed (for example <c>newsletter</c>), or <see cref="AllStreams"/> for all mail.</summary>
    public string Stream { get; internal set; } = AllStreams;

    /// <summary>Gets why the address is suppressed.</summary>
    public EmailSuppressionReason Reason { get; internal set; }

    /// <summary>Gets where the entry came from, for example <c>smtp 5.1.1</c>, <c>dsn 5.1.1</c>, <c>arf abuse</c>, <c>one-click</c> or <c>manual</c>.</summary>
    public string Source { get; internal set; } = string.Empty;

    /// <summary>Gets the <c>Message-ID</c> of the email that caused the entry, when known.</summary>
    public string? MessageId { get; internal set; }

    /// <summary>Gets when the entry was added (UTC).</summary>
    public DateTime CreatedAt { get; internal set; }

    /// <inheritdoc />
    public override string ToString() => $"{Reason} suppression of {Stream} ({Source})";
}
