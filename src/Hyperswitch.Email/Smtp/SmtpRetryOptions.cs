namespace Hyperswitch.Email.Smtp;

/// <summary>
/// Retries of transient failures (<c>Email:Smtp:Retry</c>), with exponential backoff and jitter, bounded by the
/// caller's <see cref="CancellationToken"/>.
/// </summary>
/// <remarks>
/// A send is retried only when the server certainly did not accept the message: a failure before the final dot of
/// DATA, or a <c>4xx</c> reply to it. A connection lost after the final dot is never retried
/// (<see cref="EmailSendException.MayHaveBeenDelivered"/>), nor is a permanent failure.
/// Every attempt sends the same message, with the same <c>Message-ID</c>.
/// </remarks>
public sealed class SmtpRetryOptions
{
    /// <summary>The largest <see cref="MaxRetries"/>.</summary>
    public const int MaxRetriesLimit = 10;

    /// <summary>Gets or sets how many times a transient failure is retried (<c>Email:Smtp:Retry:MaxRetries</c>), from 0 to <see cref="MaxRetriesLimit"/>.</summary>
    /// <value>The default is 0: no retry.</value>
    public int MaxRetries { get; set; }

    /// <summary>Gets or sets the delay before the first retry (<c>Email:Smtp:Retry:BaseDelay</c>, e.g. <c>00:00:01</c>); it doubles at each retry, with jitter.</summary>
    /// <value>The default is one second.</value>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest delay between two attempts (<c>Email:Smtp:Retry:MaxDelay</c>).</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);
}
