using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Hyperswitch.Email.EntityFrameworkCore.Internal;

/// <summary>
/// The outbox's reads and writes. Claims are atomic in the database, never guarded by an in-process lock: on
/// PostgreSQL one <c>UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)</c>; on every other provider an
/// optimistic update that only succeeds where the claim token is still the one read.
/// </summary>
internal static class OutboxStore
{
    private const string PostgreSqlProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>The columns an outcome writes, all of them every time.</summary>
    private static readonly string[] DeliveryState =
    [
        nameof(EmailOutboxMessage.Status),
        nameof(EmailOutboxMessage.Attempts),
        nameof(EmailOutboxMessage.NextAttemptAt),
        nameof(EmailOutboxMessage.CompletedAt),
        nameof(EmailOutboxMessage.ClaimedUntil),
        nameof(EmailOutboxMessage.LastError),
        nameof(EmailOutboxMessage.LastErrorProvider),
        nameof(EmailOutboxMessage.LastErrorCode),
        nameof(EmailOutboxMessage.LastStatusCode),
        nameof(EmailOutboxMessage.DeliveryUncertain),
        nameof(EmailOutboxMessage.AttemptStartedAt),
    ];

    /// <summary>Fails with a message that says what to add when the model has no outbox.</summary>
    public static void EnsureInModel(DbContext context)
    {
        if (context.Model.FindEntityType(typeof(EmailOutboxMessage)) is null)
        {
            throw new InvalidOperationException(
                $"{context.GetType().Name} has no email outbox: call modelBuilder.AddEmailOutbox() in its OnModelCreating, then add a migration.");
        }
    }

    /// <summary>
    /// Claims up to <paramref name="batchSize"/> due emails for <paramref name="lease"/> and returns them, oldest due
    /// first, as they were before the claim; in the same transaction, counts and stamps the attempt of the emails
    /// <paramref name="stampFirst"/> picks (the first to be sent), so that they cost no write of their own. Without
    /// <paramref name="takeOverStartedAttempts"/>, an email whose expired claim had an attempt started is left for later
    /// (its instance may be about to record the outcome).
    /// </summary>
    public static async Task<List<EmailOutboxMessage>> ClaimAsync(
        DbContext context,
        string instance,
        int batchSize,
        DateTime now,
        TimeSpan lease,
        bool takeOverStartedAttempts,
        Func<List<EmailOutboxMessage>, IReadOnlyList<Guid>> stampFirst,
        CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid();
        var until = now + lease;
        var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            int claimed;
            if (context.Database.ProviderName == PostgreSqlProvider)
            {
                claimed = await ClaimSkippingLockedAsync(context, token, instance, batchSize, now, until, takeOverStartedAttempts, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // Instances that read the same due rows race for them; the losers read again at once (what the winner
                // took is no longer due for them) instead of waiting for the next poll.
                int? won = null;
                for (var attempt = 0; attempt < 5 && won is null; attempt++)
                {
                    won = await ClaimOptimisticallyAsync(context, token, instance, batchSize, now, until, takeOverStartedAttempts, cancellationToken).ConfigureAwait(false);
                }

                claimed = won ?? 0;
            }

            if (claimed == 0)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return [];
            }

            var emails = await context.Set<EmailOutboxMessage>().AsNoTracking()
                .Where(e => e.ClaimToken == token)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            emails.Sort((a, b) => a.NextAttemptAt.CompareTo(b.NextAttemptAt));
            var stamp = stampFirst(emails);
            if (stamp.Count > 0)
            {
                await StampAttemptsAsync(context, stamp, token, now, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return emails;
        }
    }

    /// <summary>
    /// Counts an attempt and stamps its start on the claimed emails <paramref name="ids"/>, in one statement, if the claim
    /// <paramref name="token"/> still holds them; returns how many it stamped.
    /// </summary>
    public static Task<int> StampAttemptsAsync(DbContext context, IReadOnlyList<Guid> ids, Guid token, DateTime now, CancellationToken cancellationToken)
    {
        var n = Names.Of(context);
        var list = string.Join(", ", ids.Select((_, i) => $"{{{i + 2}}}"));
        var sql = $"UPDATE {n.Table} SET {n.Attempts} = {n.Attempts} + 1, {n.AttemptStartedAt} = {{0}} WHERE {n.ClaimToken} = {{1}} AND {n.Id} IN ({list})";
        return context.Database.ExecuteSqlRawAsync(sql, [now, token, .. ids.Cast<object>()], cancellationToken);
    }

    /// <summary>Extends the claim <paramref name="token"/> on every email it still holds to <paramref name="until"/>; returns how many.</summary>
    public static Task<int> RenewClaimAsync(DbContext context, Guid token, DateTime until, CancellationToken cancellationToken)
    {
        var n = Names.Of(context);
        var sql = $"UPDATE {n.Table} SET {n.ClaimedUntil} = {{0}} WHERE {n.ClaimToken} = {{1}}";
        return context.Database.ExecuteSqlRawAsync(sql, [until, token], cancellationToken);
    }

    /// <summary>
    /// Writes the delivery state of <paramref name="claimed"/> (every column the dispatcher changes, as it is in memory,
    /// so that a retried write carries all of it) and ends the claim, if the claim <paramref name="token"/> still holds;
    /// returns <see langword="false"/> when another instance took the email over.
    /// </summary>
    public static async Task<bool> CompleteClaimAsync(DbContext context, EmailOutboxMessage claimed, Guid token, CancellationToken cancellationToken)
    {
        claimed.ClaimToken = null;
        claimed.ClaimedUntil = null;
        var entry = context.Attach(claimed);
        entry.Property(e => e.ClaimToken).OriginalValue = token;
        entry.Property(e => e.ClaimToken).IsModified = true;
        foreach (var property in DeliveryState)
        {
            entry.Property(property).IsModified = true;
        }

        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    /// <summary>
    /// Tells whether a write of this instance that seemed to fail was committed after all: the email's claim has ended
    /// and this instance was the last to hold it.
    /// </summary>
    public static Task<bool> WasCompletedByAsync(DbContext context, Guid id, string instance, CancellationToken cancellationToken) =>
        context.Set<EmailOutboxMessage>().AsNoTracking()
            .AnyAsync(e => e.Id == id && e.ClaimToken == null && e.ClaimedBy == instance, cancellationToken);

    /// <summary>Deletes the emails in <paramref name="status"/> completed before <paramref name="before"/>.</summary>
    public static Task<int> PurgeAsync(DbContext context, EmailOutboxStatus status, DateTime before, CancellationToken cancellationToken)
    {
        var names = Names.Of(context);
        var sql = $"DELETE FROM {names.Table} WHERE {names.Status} = {{0}} AND {names.CompletedAt} < {{1}}";
        return context.Database.ExecuteSqlRawAsync(sql, [(int)status, before], cancellationToken);
    }

    /// <summary>Puts every failed email back in the queue, due now and with its attempts reset; returns how many.</summary>
    public static Task<int> RequeueFailedAsync(DbContext context, DateTime now, CancellationToken cancellationToken)
    {
        var n = Names.Of(context);
        var sql = $"UPDATE {n.Table} SET {n.Status} = {{0}}, {n.Attempts} = 0, {n.NextAttemptAt} = {{1}}, {n.CompletedAt} = NULL WHERE {n.Status} = {{2}}";
        return context.Database.ExecuteSqlRawAsync(sql, [(int)EmailOutboxStatus.Pending, now, (int)EmailOutboxStatus.Failed], cancellationToken);
    }

    /// <summary>
    /// Cancels email <paramref name="id"/> if it is pending and no attempt of it is in progress; ends a claim on it, so
    /// that a dispatcher that claimed it but has not stamped an attempt yet cannot send it. Returns whether it did.
    /// </summary>
    public static async Task<bool> CancelAsync(DbContext context, Guid id, DateTime now, CancellationToken cancellationToken)
    {
        var n = Names.Of(context);
        var sql =
            $"UPDATE {n.Table} SET {n.Status} = {{0}}, {n.CompletedAt} = {{1}}, {n.ClaimToken} = NULL, {n.ClaimedUntil} = NULL " +
            $"WHERE {n.Id} = {{2}} AND {n.Status} = {{3}} AND {n.AttemptStartedAt} IS NULL";
        return await context.Database.ExecuteSqlRawAsync(sql, [(int)EmailOutboxStatus.Cancelled, now, id, (int)EmailOutboxStatus.Pending], cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Finds the stored email queued with <paramref name="idempotencyKey"/>, or <see langword="null"/>.</summary>
    public static Task<EmailOutboxMessage?> FindByIdempotencyKeyAsync(DbContext context, string idempotencyKey, CancellationToken cancellationToken) =>
        context.Set<EmailOutboxMessage>().AsNoTracking().FirstOrDefaultAsync(e => e.IdempotencyKey == idempotencyKey, cancellationToken);

    /// <summary>Counts pending and failed emails and finds the oldest pending one and the longest-due one.</summary>
    public static async Task<EmailOutboxStatistics> ReadStatisticsAsync(DbContext context, DateTime now, CancellationToken cancellationToken)
    {
        var emails = context.Set<EmailOutboxMessage>().AsNoTracking();
        var pending = await emails.CountAsync(e => e.Status == EmailOutboxStatus.Pending, cancellationToken).ConfigureAwait(false);
        var failed = await emails.CountAsync(e => e.Status == EmailOutboxStatus.Failed, cancellationToken).ConfigureAwait(false);
        var oldest = pending == 0
            ? null
            : await emails.Where(e => e.Status == EmailOutboxStatus.Pending)
                .OrderBy(e => e.EnqueuedAt)
                .Select(e => (DateTime?)e.EnqueuedAt)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var earliestDue = pending == 0
            ? null
            : await emails.Where(e => e.Status == EmailOutboxStatus.Pending && e.NextAttemptAt <= now)
                .OrderBy(e => e.NextAttemptAt)
                .Select(e => (DateTime?)e.NextAttemptAt)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return new EmailOutboxStatistics(pending, failed, Since(oldest, now), Since(earliestDue, now));
    }

    private static TimeSpan Since(DateTime? moment, DateTime now) => moment is { } at && now > at ? now - at : TimeSpan.Zero;

    private static Task<int> ClaimSkippingLockedAsync(DbContext context, Guid token, string instance, int batchSize, DateTime now, DateTime until, bool takeOverStartedAttempts, CancellationToken cancellationToken)
    {
        var n = Names.Of(context);
        var startedAttempts = takeOverStartedAttempts ? string.Empty : $"AND ({n.AttemptStartedAt} IS NULL OR {n.ClaimToken} IS NULL) ";
        var sql =
            $"UPDATE {n.Table} SET {n.ClaimToken} = {{0}}, {n.ClaimedBy} = {{1}}, {n.ClaimedUntil} = {{2}} " +
            $"WHERE {n.Id} IN (SELECT {n.Id} FROM {n.Table} " +
            $"WHERE {n.Status} = {{3}} AND {n.NextAttemptAt} <= {{4}} AND ({n.ClaimedUntil} IS NULL OR {n.ClaimedUntil} < {{4}}) {startedAttempts}" +
            $"ORDER BY {n.NextAttemptAt} LIMIT {{5}} FOR UPDATE SKIP LOCKED)";
        return context.Database.ExecuteSqlRawAsync(sql, [token, instance, until, (int)EmailOutboxStatus.Pending, now, batchSize], cancellationToken);
    }

    /// <summary>Claims the due rows read, or none of them; <see langword="null"/> when another instance claimed one first.</summary>
    private static async Task<int?> ClaimOptimisticallyAsync(DbContext context, Guid token, string instance, int batchSize, DateTime now, DateTime until, bool takeOverStartedAttempts, CancellationToken cancellationToken)
    {
        var due = await context.Set<EmailOutboxMessage>().AsNoTracking()
            .Where(e => e.Status == EmailOutboxStatus.Pending && e.NextAttemptAt <= now && (e.ClaimedUntil == null || e.ClaimedUntil < now))
            .Where(e => takeOverStartedAttempts || e.AttemptStartedAt == null || e.ClaimToken == null)
            .OrderBy(e => e.NextAttemptAt)
            .Take(batchSize)
            .Select(e => new { e.Id, e.ClaimToken })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (due.Count == 0)
        {
            return 0;
        }

        // Each UPDATE matches only while the row still has the claim token read above (the concurrency token), so two
        // instances that read the same rows cannot both claim one: the second save fails and claims nothing.
        foreach (var row in due)
        {
            var email = new EmailOutboxMessage { Id = row.Id, ClaimToken = row.ClaimToken };
            context.Attach(email);
            email.ClaimToken = token;
            email.ClaimedBy = instance;
            email.ClaimedUntil = until;
        }

        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return due.Count;
        }
        catch (DbUpdateConcurrencyException)
        {
            return null;
        }
        finally
        {
            context.ChangeTracker.Clear();
        }
    }

    /// <summary>The table and column names, delimited for the provider, read from the model.</summary>
    private sealed record Names(string Table, string Id, string Status, string Attempts, string NextAttemptAt, string CompletedAt, string ClaimedBy, string ClaimedUntil, string ClaimToken, string AttemptStartedAt)
    {
        public static Names Of(DbContext context)
        {
            EnsureInModel(context);
            var entity = context.Model.FindEntityType(typeof(EmailOutboxMessage))!;
            var sql = context.GetService<ISqlGenerationHelper>();
            var tableName = entity.GetTableName()!;
            var table = StoreObjectIdentifier.Table(tableName, entity.GetSchema());
            string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);
            return new Names(
                sql.DelimitIdentifier(tableName, entity.GetSchema()),
                Column(nameof(EmailOutboxMessage.Id)),
                Column(nameof(EmailOutboxMessage.Status)),
                Column(nameof(EmailOutboxMessage.Attempts)),
                Column(nameof(EmailOutboxMessage.NextAttemptAt)),
                Column(nameof(EmailOutboxMessage.CompletedAt)),
                Column(nameof(EmailOutboxMessage.ClaimedBy)),
                Column(nameof(EmailOutboxMessage.ClaimedUntil)),
                Column(nameof(EmailOutboxMessage.ClaimToken)),
                Column(nameof(EmailOutboxMessage.AttemptStartedAt)));
        }
    }
}
