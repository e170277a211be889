namespace Hyperswitch.Email.Suppressions;

/// <summary>Why an address is on the suppression list. Stored by its name.</summary>
public enum EmailSuppressionReason
{
    /// <summary>Mail to the address failed for good: a permanent recipient refusal such as <c>5.1.1</c>, at send time or in a delivery status notification.</summary>
    HardBounce = 0,

    /// <summary>The recipient reported a message as spam (an ARF complaint report, RFC 5965).</summary>
    Complaint = 1,

    /// <summary>The recipient unsubscribed, for example with one-click unsubscribe (RFC 8058).</summary>
    Unsubscribe = 2,

    /// <summary>Someone added the address by hand (an operator, a support tool).</summary>
    Manual = 3,
}
