namespace Hyperswitch.Email.Internal;

/// <summary>
/// The client's sending rate, shared by every send of the process: the limit of <c>Email:RateLimit</c>, slowed down
/// by throttling replies (AIMD: halved at a throttling reply, then raised by a twentieth of the limit per second), and
/// the schedule of turns that spaces sends evenly at that rate.
/// </summary>
/// <remarks>
/// The schedule is the generic cell rate algorithm: one number, the time of the next free turn. A send takes the turn
/// when it is due and moves it one spacing on, so that turns never bunch and no unused time is saved up for a burst;
/// a caller whose turn would come later than it may wait is refused at once, without waiting.
/// System.Threading.RateLimiting's token bucket is not used for it because its rate is fixed when it is built, and
/// this one changes at every slow-down and step of recovery. Thread-safe.
/// </remarks>
internal sealed class SendRate(LastValidOptions<EmailOptions> options, TimeProvider? clock = null) : IDisposable
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
    private readonly Queue<Waiter> _waiters = new();
    private readonly long[] _recent = new long[64];
    private ITimer? _timer;
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
    /// Waits for the next turn, unless it would come later than <paramref name="maxWait"/> from now (the turns of
    /// those waiting before it counted): then returns <see langword="false"/> at once, with how long the wait would be.
    /// </summary>
    /// <remarks>
    /// Waiters are served first come, first served, one per turn, by one timer: a turn is given only when it is due,
    /// never reserved ahead, so that a process that stalls (a pause, a starved thread pool) sends one email when it
    /// wakes, not every turn it slept through. A timer that fires late by less than half a spacing keeps the schedule
    /// (the rate stays exact); later than that, the schedule starts again from now.
    /// </remarks>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled while waiting.</exception>
    public async ValueTask<(bool Taken, TimeSpan Wait)> TakeAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_lock)
        {
            var now = Clock.GetTimestamp();
            if (RateAt(now) is not { } rate)
            {
                Record(now);
                return (true, TimeSpan.Zero);
            }

            var spacing = Spacing(rate);
            if (_waiters.Count == 0 && _next <= now)
            {
                Advance(now, spacing);
                return (true, TimeSpan.Zero);
            }

            var wait = Clock.GetElapsedTime(now, Math.Max(_next, now) + (spacing * _waiters.Count));
            if (maxWait != Timeout.InfiniteTimeSpan && wait > maxWait)
            {
                return (false, wait);
            }

            waiter = new Waiter();
            _waiters.Enqueue(waiter);
            Schedule(now);
        }

        using (cancellationToken.Register(static state => ((Waiter)state!).TrySetCanceled(), waiter))
        {
            await waiter.Task.ConfigureAwait(false);
        }

        return (true, TimeSpan.Zero);
    }

    /// <summary>Stops the timer; waiters still waiting are let go.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _timer?.Dispose();
            _timer = null;
            while (_waiters.TryDequeue(out var waiter))
            {
                waiter.TrySetResult();
            }
        }
    }

    private long Spacing(double rate) => Math.Max(1, (long)(Clock.TimestampFrequency / rate));

    /// <summary>Takes the turn due now: the schedule moves one spacing on, or starts again from now when it is far behind.</summary>
    private void Advance(long now, long spacing)
    {
        _next = now - _next < spacing / 2 ? _next + spacing : now + spacing;
        Record(now);
    }

    /// <summary>Sets the timer for the first waiter's turn.</summary>
    private void Schedule(long now)
    {
        var due = _next > now ? Clock.GetElapsedTime(now, _next) : TimeSpan.Zero;
        if (_timer is null)
        {
            _timer = Clock.CreateTimer(static state => ((SendRate)state!).Serve(), this, due, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The timer: gives the turn due to the first waiter still waiting, then sets the timer for the next.</summary>
    private void Serve()
    {
        Waiter? served = null;
        List<Waiter>? released = null;
        lock (_lock)
        {
            while (_waiters.TryPeek(out var first) && first.Task.IsCompleted)
            {
                _waiters.Dequeue();
            }

            if (_waiters.Count == 0 || _timer is null)
            {
                return;
            }

            var now = Clock.GetTimestamp();
            if (RateAt(now) is not { } rate)
            {
                // The limit was removed, or recovered to none: everyone goes.
                released = [.. _waiters];
                _waiters.Clear();
            }
            else if (_next <= now)
            {
                served = _waiters.Dequeue();
                Advance(now, Spacing(rate));
            }

            if (_waiters.Count > 0)
            {
                Schedule(now);
            }
        }

        // Outside the lock: a waiter's continuation runs asynchronously anyway, but completing is not free.
        served?.TrySetResult();
        foreach (var waiter in released ?? [])
        {
            waiter.TrySetResult();
        }
    }

    /// <summary>A caller waiting for its turn.</summary>
    private sealed class Waiter() : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

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
