namespace Hyperswitch.Email.EntityFrameworkCore.Internal;

/// <summary>
/// The row the dispatchers of one database share <c>Email:RateLimit</c> through (table <c>EmailOutboxRateLimit</c>):
/// when the next turn is free, and how far a throttling reply slowed every dispatcher down.
/// </summary>
/// <remarks>Times are UTC ticks (<see cref="DateTime.Ticks"/>), compared for equality in optimistic updates: no provider rounds a 64-bit integer.</remarks>
internal sealed class OutboxRateLimit
{
    /// <summary>Gets or sets the limit's name, the key: <c>Email:RateLimit</c>.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets when the next turn is free, in UTC ticks.</summary>
    public long NextTurn { get; set; }

    /// <summary>Gets or sets the rate, in emails per second, a throttling reply set; 0 when not slowed down.</summary>
    public double SlowRate { get; set; }

    /// <summary>Gets or sets when the last slow-down was, in UTC ticks.</summary>
    public long SlowedAt { get; set; }
}
