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

    /// <summary>Fails with a message that says what to add when the model has no outbox.</summary>
    public static void EnsureInModel(DbContext context)
    {
        if (context.Model.FindEntityType(typeof(EmailOutboxMessage)) is null)
        {
            throw new InvalidOperationException(
                $"{context.GetType().Name} has no email outbox: call modelBuilder.AddEmailOutbox() in its OnModelCreating, then add a migration.");
        }
    }

    /// <summary>Claims up to <paramref name="batchSize"/> due emails for <paramref name="lease"/> and returns them, oldest due first.</summary>
    public static async Task<List<EmailOutboxMessage>> ClaimAsync(DbContext context, string instance, int batchSize, DateTime now, TimeSpan lease, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid();
        var until = now + lease;
        int claimed;
        if (context.Database.ProviderName == PostgreSqlProvider)
        {
            claimed = await ClaimSkippingLockedAsync(context, token, instance, batchSize, now, until, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Instances that read the same due rows race for them; the losers read again at once (what the winner
            // took is no longer due for them) instead of waiting for the next poll.
            int? won = null;
            for (var attempt = 0; attempt < 5 && won is null; attempt++)
            {
                won = await ClaimOptimisticallyAsync(context, token, instance, batchSize, now, until, cancellationToken).ConfigureAwait(false);
            }

            claimed = won ?? 0;
        }

        if (claimed == 0)
        {
            return [];
        }

        var emails = await context.Set<EmailOutboxMessage>().AsNoTracking()
            .Where(e => e.ClaimToken == token)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        emails.Sort((a, b) => a.NextAttemptAt.CompareTo(b.NextAttemptAt));
        return emails;
    }

    /// <summary>
    /// Applies <paramref name="change"/> to an email this instance claimed and ends the claim, if the claim still holds
    /// (its token unchanged); returns <see langword="false"/> when another instance took the email over.
    /// </summary>
    public static async Task<bool> CompleteClaimAsync(DbContext context, EmailOutboxMessage claimed, Action<EmailOutboxMessage> change, CancellationToken cancellationToken)
    {
        context.Attach(claimed);
        change(claimed);
        claimed.ClaimToken = null;
        claimed.ClaimedUntil = null;
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

    private static Task<int> ClaimSkippingLockedAsync(DbContext context, Guid token, string instance, int batchSize, DateTime now, DateTime until, CancellationToken cancellationToken)
    {
        var n = Names.Of(context);
        var sql =
            $"UPDATE {n.Table} SET {n.ClaimToken} = {{0}}, {n.ClaimedBy} = {{1}}, {n.ClaimedUntil} = {{2}} " +
            $"WHERE {n.Id} IN (SELECT {n.Id} FROM {n.Table} " +
            $"WHERE {n.Status} = {{3}} AND {n.NextAttemptAt} <= {{4}} AND ({n.ClaimedUntil} IS NULL OR {n.ClaimedUntil} < {{4}}) " +
            $"ORDER BY {n.NextAttemptAt} LIMIT {{5}} FOR UPDATE SKIP LOCKED)";
        return context.Database.ExecuteSqlRawAsync(sql, [token, instance, until, (int)EmailOutboxStatus.Pending, now, batchSize], cancellationToken);
    }

    /// <summary>Claims the due rows read, or none of them; <see langword="null"/> when another instance claimed one first.</summary>
    private static async Task<int?> ClaimOptimisticallyAsync(DbContext context, Guid token, string instance, int batchSize, DateTime now, DateTime until, CancellationToken cancellationToken)
    {
        var due = await context.Set<EmailOutboxMessage>().AsNoTracking()
            .Where(e => e.Status == EmailOutboxStatus.Pending && e.NextAttemptAt <= now && (e.ClaimedUntil == null || e.ClaimedUntil < now))
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
    private sealed record Names(string Table, string Id, string Status, string Attempts, string NextAttemptAt, string CompletedAt, string ClaimedBy, string ClaimedUntil, string ClaimToken)
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
                Column(nameof(EmailOutboxMessage.ClaimToken)));
        }
    }
}
