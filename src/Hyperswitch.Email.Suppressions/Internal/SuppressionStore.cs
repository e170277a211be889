using Microsoft.EntityFrameworkCore;

namespace Hyperswitch.Email.Suppressions.Internal;

/// <summary>The queries of the suppression list, on any context whose model has it.</summary>
internal static class SuppressionStore
{
    public const int MaxSourceLength = 200;

    public static void EnsureInModel(DbContext context)
    {
        if (context.Model.FindEntityType(typeof(EmailSuppression)) is null)
        {
            throw new InvalidOperationException(
                $"{context.GetType().Name} has no email suppression list: call modelBuilder.AddEmailSuppressions() in its OnModelCreating, then add a migration.");
        }
    }

    public static async Task<IReadOnlyList<EmailSuppression>> FindAsync(DbContext context, IReadOnlyCollection<string> addresses, string? stream, CancellationToken cancellationToken)
    {
        EnsureInModel(context);
        if (addresses.Count == 0)
        {
            return [];
        }

        var streams = stream is null or EmailSuppression.AllStreams ? new[] { EmailSuppression.AllStreams } : [EmailSuppression.AllStreams, stream];
        return await context.Set<EmailSuppression>().AsNoTracking()
            .Where(e => addresses.Contains(e.Address) && streams.Contains(e.Stream))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<bool> AddAsync(DbContext context, EmailSuppression entry, CancellationToken cancellationToken)
    {
        EnsureInModel(context);
        var set = context.Set<EmailSuppression>();
        if (await set.AnyAsync(e => e.Address == entry.Address && e.Stream == entry.Stream, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        set.Add(entry);
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another instance may have added the same entry between the check and the insert (the unique index refused ours).
            if (await ExistsAsync(context, entry, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            throw;
        }
    }

    private static async Task<bool> ExistsAsync(DbContext context, EmailSuppression entry, CancellationToken cancellationToken)
    {
        context.ChangeTracker.Clear();
        return await context.Set<EmailSuppression>().AnyAsync(e => e.Address == entry.Address && e.Stream == entry.Stream, cancellationToken).ConfigureAwait(false);
    }
}
