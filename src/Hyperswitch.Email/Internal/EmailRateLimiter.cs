using System.Threading.RateLimiting;

namespace Hyperswitch.Email.Internal;

/// <summary>
/// The <see cref="RateLimiter"/> every transmission of the pipeline acquires one permit from: a turn of the shared
/// <see cref="SendRate"/>, waited for up to <c>Email:RateLimit:MaxWait</c> (a direct send) or without a bound of its
/// own (a queue, which paces itself: only its cancellation token ends the wait).
/// </summary>
internal sealed class EmailRateLimiter(SendRate rate, bool queue) : RateLimiter
{
    private static readonly RateLimitLease Granted = new Lease(isAcquired: true, retryAfter: null);
    private long _successful;
    private long _failed;
    private int _waiting;

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics GetStatistics() => new()
    {
        CurrentAvailablePermits = rate.IsUnlimited ? long.MaxValue : 0,
        CurrentQueuedCount = Volatile.Read(ref _waiting),
        TotalSuccessfulLeases = Interlocked.Read(ref _successful),
        TotalFailedLeases = Interlocked.Read(ref _failed),
    };

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        CheckCount(permitCount);
        if (permitCount == 0)
        {
            return Granted;
        }

        // Without waiting: a turn due now, or a refusal. Never blocks (the task completes at once with a zero wait).
        var attempt = rate.TakeAsync(TimeSpan.Zero, CancellationToken.None);
        var (taken, wait) = attempt.IsCompleted ? attempt.Result : (false, TimeSpan.Zero);
        return taken ? Acquired() : Refused(wait);
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        CheckCount(permitCount);
        cancellationToken.ThrowIfCancellationRequested();
        if (permitCount == 0)
        {
            return Granted;
        }

        Interlocked.Increment(ref _waiting);
        try
        {
            var (taken, wait) = await rate.TakeAsync(queue ? Timeout.InfiniteTimeSpan : rate.Limit.MaxWait, cancellationToken).ConfigureAwait(false);
            return taken ? Acquired() : Refused(wait);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    private static void CheckCount(int permitCount) =>
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, 1, nameof(permitCount));

    private RateLimitLease Acquired()
    {
        Interlocked.Increment(ref _successful);
        return Granted;
    }

    private Lease Refused(TimeSpan retryAfter)
    {
        Interlocked.Increment(ref _failed);
        return new Lease(isAcquired: false, retryAfter);
    }

    /// <summary>A permit, or a refusal that says when to try again (<see cref="MetadataName.RetryAfter"/>).</summary>
    private sealed class Lease(bool isAcquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired { get; } = isAcquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } after && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = after;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
