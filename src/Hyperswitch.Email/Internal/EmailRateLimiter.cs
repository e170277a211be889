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

        var turn = rate.TryTake(TimeSpan.Zero, out var wait);
        return turn is null ? Refused(wait) : Acquired();
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        CheckCount(permitCount);
        cancellationToken.ThrowIfCancellationRequested();
        if (permitCount == 0)
        {
            return Granted;
        }

        var maxWait = queue ? Timeout.InfiniteTimeSpan : rate.Limit.MaxWait;
        if (rate.TryTake(maxWait, out var wait) is not { } turn)
        {
            return Refused(wait);
        }

        if (wait > TimeSpan.Zero)
        {
            Interlocked.Increment(ref _waiting);
            try
            {
                await Task.Delay(wait, rate.Clock, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                rate.GiveBack(turn.Turn, turn.Spacing);
                throw;
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }

        return Acquired();
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
