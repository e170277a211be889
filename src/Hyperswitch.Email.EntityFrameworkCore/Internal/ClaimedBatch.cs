namespace Hyperswitch.Email.EntityFrameworkCore.Internal;

/// <summary>
/// One claimed batch while it is delivered: its claim token and how long the claim lasts (renewed), which emails had an
/// attempt started that never got an outcome, the attempt stamps written ahead of the sends, and whether the batch may
/// still start sends (not once a write to the database has failed).
/// </summary>
/// <remarks>
/// Stamps are written for several emails at once, the next <c>MaxConcurrency</c> to be sent (the first of them in the
/// claim's own transaction), so that the durable record of an attempt costs one statement per that many emails and no
/// commit of its own for a batch that small; an email is never sent before its stamp is written.
/// </remarks>
internal sealed class ClaimedBatch : IDisposable
{
    private readonly List<EmailOutboxMessage> _toSend;
    private readonly Dictionary<Guid, int> _positions;
    private readonly HashSet<Guid> _stamped = [];
    private readonly Dictionary<Guid, (int Attempts, DateTime StartedAt)> _orphans = [];
    private readonly int _stampsAhead;
    private readonly bool _stampWithClaim;
    private readonly SemaphoreSlim _stamping = new(1, 1);
    private long _claimedUntilTicks;
    private volatile bool _blocked;

    /// <param name="emails">The emails claimed, in the order they are sent.</param>
    /// <param name="resendOrphans">Whether an email whose last attempt got no outcome is sent again (see <see cref="EmailOutboxOptions.ResendWhenDeliveryUncertain"/>).</param>
    /// <param name="maxAttempts">The attempts an email gets.</param>
    /// <param name="stampsAhead">How many emails one stamp covers.</param>
    /// <param name="stampWithClaim">Whether the claim stamps the first emails' attempts; not under a rate limit, where an email's attempt is stamped when its turn comes.</param>
    public ClaimedBatch(List<EmailOutboxMessage> emails, bool resendOrphans, int maxAttempts, int stampsAhead, bool stampWithClaim = true)
    {
        _stampWithClaim = stampWithClaim;
        Token = emails[0].ClaimToken ?? throw new InvalidOperationException("A claimed email has no claim token.");
        _claimedUntilTicks = (emails[0].ClaimedUntil ?? DateTime.MinValue).Ticks;
        _stampsAhead = stampsAhead;
        Emails = emails;
        foreach (var email in emails)
        {
            if (email.AttemptStartedAt is { } startedAt)
            {
                _orphans.Add(email.Id, (email.Attempts, startedAt));
            }
        }

        _toSend = emails.Where(e => !_orphans.ContainsKey(e.Id) || (resendOrphans && e.Attempts < maxAttempts)).ToList();
        _positions = _toSend.Select((e, i) => (e.Id, i)).ToDictionary(p => p.Id, p => p.i);
    }

    /// <summary>Gets the token every email of the batch is claimed under.</summary>
    public Guid Token { get; }

    /// <summary>Gets the emails claimed.</summary>
    public IReadOnlyList<EmailOutboxMessage> Emails { get; }

    /// <summary>Gets when the claim ends, as last written.</summary>
    public DateTime ClaimedUntil => new(Volatile.Read(ref _claimedUntilTicks), DateTimeKind.Utc);

    /// <summary>Gets a value indicating whether a write failed: no send of this batch starts any more.</summary>
    public bool Blocked => _blocked;

    /// <summary>Stops starting sends: outcomes cannot be recorded.</summary>
    public void Block() => _blocked = true;

    /// <summary>Notes that the claim was renewed until <paramref name="until"/>.</summary>
    public void Renewed(DateTime until) => Volatile.Write(ref _claimedUntilTicks, until.Ticks);

    /// <summary>Tells whether <paramref name="email"/>'s last attempt, before this claim, started and got no outcome; gives that attempt's number and start.</summary>
    public bool IsOrphan(EmailOutboxMessage email, out int attempt, out DateTime startedAt)
    {
        var found = _orphans.TryGetValue(email.Id, out var orphan);
        (attempt, startedAt) = orphan;
        return found;
    }

    /// <summary>Tells whether <paramref name="email"/> is to be sent (not an orphan that is failed instead).</summary>
    public bool IsToSend(EmailOutboxMessage email) => _positions.ContainsKey(email.Id);

    /// <summary>Tells whether this batch stamped an attempt on <paramref name="email"/>.</summary>
    public bool IsStamped(EmailOutboxMessage email)
    {
        lock (_stamped)
        {
            return _stamped.Contains(email.Id);
        }
    }

    /// <summary>Gets the emails whose attempts the claim stamps: the first to be sent, as many as one stamp covers.</summary>
    public IReadOnlyList<Guid> FirstToStamp() => _stampWithClaim ? _toSend.Take(_stampsAhead).Select(e => e.Id).ToList() : [];

    /// <summary>Notes that the attempts of <paramref name="ids"/> were stamped at <paramref name="now"/> (with the claim).</summary>
    public void Stamped(IReadOnlyList<Guid> ids, DateTime now)
    {
        lock (_stamped)
        {
            foreach (var email in _toSend.Where(e => ids.Contains(e.Id)))
            {
                email.Attempts++;
                email.AttemptStartedAt = now;
                _stamped.Add(email.Id);
            }
        }
    }

    /// <summary>
    /// Makes sure <paramref name="email"/>'s attempt is stamped in the database: written already, or written now with
    /// the next emails to be sent. Updates the stamped emails in memory. Throws when the write fails.
    /// </summary>
    /// <returns><see langword="false"/> when the claim no longer holds the email.</returns>
    public async Task<bool> EnsureStampedAsync(EmailOutboxMessage email, Func<IReadOnlyList<Guid>, DateTime, Task<int>> stamp, DateTime now, CancellationToken cancellationToken)
    {
        if (IsStamped(email))
        {
            return true;
        }

        await _stamping.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsStamped(email))
            {
                return true;
            }

            var chunk = _toSend.Skip(_positions[email.Id]).Where(e => !IsStamped(e)).Take(_stampsAhead).ToList();
            var written = await stamp(chunk.Select(e => e.Id).ToList(), now).ConfigureAwait(false);
            if (written != chunk.Count)
            {
                // Another instance took some of them over (the claim expired): the batch must not send any more.
                Block();
                return false;
            }

            Stamped(chunk.Select(e => e.Id).ToList(), now);
            return true;
        }
        finally
        {
            _stamping.Release();
        }
    }

    public void Dispose() => _stamping.Dispose();
}
