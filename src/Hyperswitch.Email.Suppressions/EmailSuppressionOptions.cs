namespace Hyperswitch.Email.Suppressions;

/// <summary>The suppression list's behaviour, bound from the <c>EmailSuppressions</c> configuration section.</summary>
public sealed class EmailSuppressionOptions
{
    /// <summary>The configuration section the options are bound from: <c>EmailSuppressions</c>.</summary>
    public const string SectionName = "EmailSuppressions";

    /// <summary>
    /// Gets or sets a value indicating whether a permanent recipient refusal at send time (a <c>5xx</c> reply to
    /// <c>RCPT TO</c> whose enhanced status code is in <see cref="HardBounceCodes"/>) adds a hard-bounce entry for all
    /// mail to that address (<c>EmailSuppressions:SuppressOnRecipientRefusal</c>), from direct sends and the outbox alike.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool SuppressOnRecipientRefusal { get; set; } = true;

    /// <summary>
    /// Gets or sets the enhanced status codes (RFC 3463) that mean the address itself is bad, and so suppress it, in a
    /// refusal at send time and in a delivery status notification (<c>EmailSuppressions:HardBounceCodes</c>). Other
    /// <c>5.x.x</c> codes (a policy block, a message too large) fail one message without suppressing the address; <c>4.x.x</c> never suppress.
    /// </summary>
    /// <value>The default is <see langword="null"/>: <see cref="DefaultHardBounceCodes"/>.</value>
    public string[]? HardBounceCodes { get; set; }

    /// <summary>
    /// Gets the codes in <see cref="HardBounceCodes"/> by default: <c>5.1.1</c> (no such mailbox), <c>5.1.2</c> (no such
    /// domain), <c>5.1.3</c> (bad address syntax), <c>5.1.6</c> (mailbox moved), <c>5.1.10</c> (null MX) and
    /// <c>5.2.1</c> (mailbox disabled).
    /// </summary>
    public static IReadOnlyList<string> DefaultHardBounceCodes { get; } = ["5.1.1", "5.1.2", "5.1.3", "5.1.6", "5.1.10", "5.2.1"];

    /// <summary>Whether <paramref name="enhancedStatusCode"/> is one of the hard-bounce codes in effect.</summary>
    internal bool IsHardBounce(string? enhancedStatusCode) =>
        enhancedStatusCode is not null && (HardBounceCodes ?? DefaultHardBounceCodes).Contains(enhancedStatusCode.Trim(), StringComparer.Ordinal);
}
