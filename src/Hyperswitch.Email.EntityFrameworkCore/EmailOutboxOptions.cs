namespace Hyperswitch.Email.EntityFrameworkCore;

/// <summary>Options of the email outbox and its dispatcher, bound from the <c>EmailOutbox</c> configuration section.</summary>
public sealed class EmailOutboxOptions
{
    /// <summary>The configuration section the options are bound from: <c>EmailOutbox</c>.</summary>
    public const string SectionName = "EmailOutbox";

    /// <summary>Gets or sets a value indicating whether this instance runs the dispatcher.</summary>
    /// <value>The default is <see langword="true"/>. Set it to <see langword="false"/> on instances that only enqueue.</value>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>Gets or sets how many due emails one claim takes.</summary>
    /// <value>The default is 50; 1 to 1000.</value>
    public int BatchSize { get; set; } = 50;

    /// <summary>Gets or sets how many emails of a batch are sent at the same time.</summary>
    /// <value>The default is 4; 1 to 256.</value>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Gets or sets how often the dispatcher looks for due emails when nothing woke it (emails enqueued by other instances, retries that came due).</summary>
    /// <value>The default is 5 seconds; 10 milliseconds to 1 hour. An email enqueued by this instance wakes its dispatcher at once.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets how long a claim lasts. An instance that dies leaves its claims, and another instance takes the
    /// emails over when they expire; an email whose claim is about to expire is released rather than sent.
    /// </summary>
    /// <value>The default is 2 minutes; 1 second to 1 day. Keep it well above the time a batch takes to send.</value>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets how many attempts an email gets before a transient failure becomes final.</summary>
    /// <value>The default is 10; 1 to 1000.</value>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Gets or sets the delay before the first retry; each later retry waits twice as long, with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    /// <value>The default is 10 seconds; more than zero.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the longest delay between two attempts.</summary>
    /// <value>The default is 1 hour; at least <see cref="RetryDelay"/>.</value>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Gets or sets a value indicating whether an email that the server may have accepted without the dispatcher knowing
    /// is sent again, with the same <c>Message-ID</c>: its connection was lost after the final dot of DATA, or its attempt
    /// started and never got an outcome (the dispatcher died or was stopped mid-send; see <see cref="EmailOutboxMessage.AttemptStartedAt"/>).
    /// </summary>
    /// <value>
    /// The default is <see langword="true"/>: a signup email arrives at least once, and a rare duplicate carries the
    /// same <c>Message-ID</c> (mail clients and servers that deduplicate by it show one); the row is marked
    /// <see cref="EmailOutboxMessage.DeliveryUncertain"/>. <see langword="false"/> marks such an email
    /// <see cref="EmailOutboxStatus.Failed"/> with <see cref="EmailOutboxMessage.DeliveryUncertain"/> set and never sends it
    /// again: at most once, across crashes too, at the price of losing an email the server did not in fact get.
    /// </value>
    public bool ResendWhenDeliveryUncertain { get; set; } = true;

    /// <summary>Gets or sets how long sent emails are kept before they are deleted.</summary>
    /// <value>The default is 7 days; zero or more.</value>
    public TimeSpan SentRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets how long failed emails are kept before they are deleted.</summary>
    /// <value>The default is <see langword="null"/>: kept until someone deletes them.</value>
    public TimeSpan? FailedRetention { get; set; }

    /// <summary>Gets or sets how often old rows are deleted.</summary>
    /// <value>The default is 1 hour; more than zero.</value>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the name this instance writes in <see cref="EmailOutboxMessage.ClaimedBy"/>.</summary>
    /// <value>The default is <see langword="null"/>: the machine name, the process id and a random suffix. At most 100 characters.</value>
    public string? InstanceName { get; set; }
}
