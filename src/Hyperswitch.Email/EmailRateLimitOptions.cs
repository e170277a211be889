namespace Hyperswitch.Email;

/// <summary>
/// The application's sending rate (<c>Email:RateLimit</c>): at most <see cref="PermitLimit"/> messages per
/// <see cref="Period"/>, whatever the provider, for direct sends and the outbox's dispatch alike.
/// </summary>
/// <remarks>
/// Messages are spaced evenly, one every <see cref="Period"/> / <see cref="PermitLimit"/>, so that no burst goes over
/// the limit: at most <see cref="PermitLimit"/> + 1 transmissions start in any window of <see cref="Period"/> (each
/// attempt counts, a retry included). A direct send (<see cref="IEmailClient"/>) waits for its turn up to
/// <see cref="MaxWait"/> and then fails with <see cref="EmailSendFailure.RateLimited"/>, nothing sent; a queue
/// (<see cref="PreparedEmailSender"/>, the outbox) waits as long as it has to. The outbox's dispatchers share the
/// limit through their database, so that N instances together stay within it (see the README's "Rate limits").
/// A throttling reply from the provider (<see cref="EmailSendFailure.Throttled"/>) halves the rate, which then
/// recovers by a twentieth of the limit per second.
/// </remarks>
public sealed class EmailRateLimitOptions
{
    /// <summary>Gets or sets how many messages may be sent per <see cref="Period"/> (<c>Email:RateLimit:PermitLimit</c>). Required.</summary>
    /// <value>The default is 0, which fails validation: leave <c>Email:RateLimit</c> out for no limit.</value>
    public int PermitLimit { get; set; }

    /// <summary>Gets or sets the period <see cref="PermitLimit"/> applies to (<c>Email:RateLimit:Period</c>, for example <c>00:00:01</c>).</summary>
    /// <value>The default is one second; from 1 millisecond to 1 day.</value>
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets how long a direct send waits for its turn (<c>Email:RateLimit:MaxWait</c>) before it fails with
    /// <see cref="EmailSendFailure.RateLimited"/>. A send whose turn would come later fails at once, without waiting.
    /// </summary>
    /// <value>The default is 10 seconds; zero (never wait) to 1 hour.</value>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(10);
}
