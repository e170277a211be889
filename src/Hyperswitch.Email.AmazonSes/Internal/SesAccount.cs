namespace Hyperswitch.Email.AmazonSes.Internal;

/// <summary>What <c>GetAccount</c> says of the account: whether it may send, and its 24-hour quota when SES gave it.</summary>
internal sealed record SesAccount(bool SendingEnabled, double? Max24HourSend, double? SentLast24Hours, string? RequestId);
