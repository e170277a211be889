namespace Hyperswitch.Email.Internal;

/// <summary>
/// The client's sending rate, shared by every send of the process: the limit of <c>Email:RateLimit</c>, slowed down
/// by throttling replies (AIMD: halved at a throttling reply, then raised by a twentieth of the limit per second), and
/// the schedule of turns that spaces sends evenly at that rate.
/// </summary>
/// <remarks>
/// The schedule is the generic cell rate algorithm: one number, the time of the next free turn. A send takes the turn
/// at <c>max(next, now)</c> and moves it one spacing on, so that turns never bunch and no unused time is saved up
/// for a burst; a turn taken further ahead than the caller may wait is refused without being taken.
/// System.Threading.RateLimiting's token bucket is not used for it because its rate is fixed when it is built, and
/// this one changes at every slow-down and step of recovery. Thread-safe.
/// </remarks>
internal sealed class SendRate(LastValidOptions<EmailOptions> options, TimeProvider? clock = null)
{
    /// <summary>The factor a throttling reply multiplies the rate by.</summary>
    public const double Decrease = 0.5;

    /// <summary>The share of the limit the rate regains per second without a throttling reply.</summary>
    public const double RecoveryPerSecond = 1.0 / 20;

    /// <summary>The lowest rate, as a share of the limit: a provider that throttles for hours still gets a message now and then.</summary>
    public const double Floor = 1.0 / 64;

    /// <summary>Replies within this time of a slow-down are the same episode: sends in flight when it happened.</summary>
    private static readonly TimeSpan SameEpisode = TimeSpan.FromSeconds(1);

    private readonly object _lock = new();
    private readonly long[] _recent = new long[64];
    private int _recentCount;
    private int _recentNext;
    private long _next;
    private double _slowRate;
    private long _slowedAt;
    private double _observedCeiling;

    /// <summary>Gets the clock turns are timed with.</summary>
    public TimeProvider Clock { get; } = clock ?? TimeProvider.System;

    /// <summary>Gets the limit's options, or the defaults (for <see cref="EmailRateLimitOptions.MaxWait"/>) when there is no limit.</summary>
    public EmailRateLimitOptions Limit => options.Current.RateLimit ?? DefaultLimit;

    private static EmailRateLimitOptions DefaultLimit { get; } = new();

    /// <summary>Gets a value indicating whether sends go at once: no limit is set and no throttling reply slowed them down.</summary>
    public bool IsUnlimited => options.Current.RateLimit is null && Volatile.Read(ref _slowRate) == 0;

    /// <summary>Gets the rate now, in messages per second, or <see langword="null"/> for no limit.</summary>
    public double? Current
    {
        get
        {
            lock (_lock)
            {
                return RateAt(Clock.GetTimestamp());
            }
        }
    }

    /// <summary>
    /// Takes the next turn, unless it comes later than <paramref name="maxWait"/> from now; gives how long to wait for
    /// it (zero: go now) or, refused, how long until a turn would be free.
    /// </summary>
    /// <returns>The turn's start (a timestamp of <see cref="Clock"/>) and spacing, or <see langword="null"/> when refused.</returns>
    public (long Turn, long Spacing)? TryTake(TimeSpan maxWait, out TimeSpan wait)
    {
        lock (_lock)
        {
            var now = Clock.GetTimestamp();
            if (RateAt(now) is not { } rate)
            {
                Record(now);
                wait = TimeSpan.Zero;
                return (now, 0);
            }

            var spacing = Math.Max(1, (long)(Clock.TimestampFrequency / rate));
            var turn = Math.Max(_next, now);
            wait = Clock.GetElapsedTime(now, turn);
            if (maxWait != Timeout.InfiniteTimeSpan && wait > maxWait)
            {
                return null;
            }

            _next = turn + spacing;
            Record(now);
            return (turn, spacing);
        }
    }

    /// <summary>Gives a turn back that was not used (its caller was canceled while waiting), when no later turn was taken since.</summary>
    public void GiveBack(long turn, long spacing)
    {
        lock (_lock)
        {
            if (spacing > 0 && _next == turn + spacing)
            {
                _next = turn;
            }
        }
    }

    /// <summary>
    /// Slows down after a throttling reply: halves the rate, once per episode (the sends in flight at the first reply
    /// do not halve it again). Without a limit, the rate halved is the one observed over the last second.
    /// </summary>
    /// <returns>The new rate in messages per second, or <see langword="null"/> when this reply belonged to the last slow-down.</returns>
    public double? Throttled()
    {
        lock (_lock)
        {
            var now = Clock.GetTimestamp();
            if (_slowRate > 0 && Clock.GetElapsedTime(_slowedAt, now) < SameEpisode)
            {
                return null;
            }

            var current = RateAt(now) ?? Observed(now);
            if (options.Current.RateLimit is null && _slowRate == 0)
            {
                _observedCeiling = current;
            }

            var ceiling = Ceiling();
            _slowRate = Math.Max(current * Decrease, ceiling * Floor);
            _slowedAt = now;
            return _slowRate;
        }
    }

    private double Ceiling() => options.Current.RateLimit is { } limit
        ? limit.PermitLimit / limit.Period.TotalSeconds
        : _observedCeiling;

    private double? RateAt(long now)
    {
        var limit = options.Current.RateLimit;
        if (_slowRate == 0)
        {
            return limit is null ? null : limit.PermitLimit / limit.Period.TotalSeconds;
        }

        var ceiling = Ceiling();
        var rate = _slowRate + (ceiling * RecoveryPerSecond * Clock.GetElapsedTime(_slowedAt, now).TotalSeconds);
        if (rate < ceiling)
        {
            return rate;
        }

        // Recovered: back to the limit, or to no limit at all.
        _slowRate = 0;
        return limit is null ? null : ceiling;
    }

    /// <summary>The rate of the sends of the last second (at least one per second), from the last 64 turns.</summary>
    private double Observed(long now)
    {
        var within = 0;
        var oldest = now;
        for (var i = 0; i < _recentCount; i++)
        {
            var at = _recent[i];
            if (Clock.GetElapsedTime(at, now) <= TimeSpan.FromSeconds(1))
            {
                within++;
                oldest = Math.Min(oldest, at);
            }
        }

        var span = Clock.GetElapsedTime(oldest, now).TotalSeconds;
        var rate = within == _recent.Length && span > 0 ? within / span : within;
        return Math.Max(1, rate);
    }

    private void Record(long now)
    {
        _recent[_recentNext] = now;
        _recentNext = (_recentNext + 1) % _recent.Length;
        _recentCount = Math.Min(_recentCount + 1, _recent.Length);
    }
}
