namespace Hyperswitch.Email.EntityFrameworkCore;

/// <summary>How full the outbox is: what the metrics and the health check report.</summary>
/// <param name="Pending">The number of emails waiting to be sent (or sent again).</param>
/// <param name="Failed">The number of emails that failed for good and are still kept.</param>
/// <param name="OldestPendingAge">How long the oldest pending email has waited since it was enqueued (retries included); zero when none waits.</param>
/// <param name="OldestDueAge">
/// How long the email that has been due the longest has waited past its due time: what the dispatchers have not caught
/// up with (an email waiting out its retry delay is not due). Zero when nothing due waits.
/// </param>
public sealed record EmailOutboxStatistics(int Pending, int Failed, TimeSpan OldestPendingAge, TimeSpan OldestDueAge);
