using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Hyperswitch.Email.EntityFrameworkCore.Internal;

/// <summary>
/// <c>Email:RateLimit</c> shared by every dispatcher of one database: turns taken from one row
/// (<see cref="OutboxRateLimit"/>) by an optimistic update, so that N dispatchers together send at the limit, not N
/// times it; a throttling reply seen by one slows them all down.
/// </summary>
/// <remarks>
/// The schedule is the client's (the generic cell rate algorithm): a turn starts at <c>max(next, now)</c> and moves
/// <c>next</c> one spacing on, with an update that only succeeds while <c>next</c> is still the value read; a
/// dispatcher that loses the race reads again. Each dispatcher takes one turn at a time and waits for it before it
/// takes the next, so that turns are taken at most one per dispatcher ahead; a turn woken up for more than half a
/// spacing late is given up and another taken. So every send starts within half a spacing of a turn, and at most
/// <c>PermitLimit + 1</c> start in any window of <c>Period</c>, whatever the number of dispatchers. The slow-down is the client's too
/// (halved, then a twentieth of the limit regained per second), written to the row so that every dispatcher reads it.
/// Times come from each host's clock: hosts must agree on the time to well within one spacing.
/// </remarks>
internal sealed class OutboxRateBudget<TContext>(IServiceScopeFactory scopes, LastValidOptions<EmailOptions> email, TimeProvider clock) : IDisposable
    where TContext : DbContext
{
    /// <summary>The row's key.</summary>
    public const string Name = "Email:RateLimit";

    // The same as the client's (Hyperswitch.Email's SendRate): halve, regain a twentieth of the limit per second, never
    // under a sixty-fourth of it, one slow-down per second of replies.
    private const double Decrease = 0.5;
    private const double RecoveryPerSecond = 1.0 / 20;
    private const double Floor = 1.0 / 64;
    private const int MaxRaces = 1000;
    private static readonly long SameEpisode = TimeSpan.FromSeconds(1).Ticks;

    private readonly SemaphoreSlim _taking = new(1, 1);

    /// <summary>Gets the limit, or <see langword="null"/> when <c>Email:RateLimit</c> is not set.</summary>
    public EmailRateLimitOptions? Limit => email.Current.RateLimit;

    /// <summary>Waits until this dispatcher's next turn, taken from the shared row; returns at once without a limit.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled; the turn is left unused.</exception>
    public async Task WaitForTurnAsync(CancellationToken cancellationToken)
    {
        await _taking.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var race = 0; race < MaxRaces; race++)
            {
                if (Limit is not { } limit)
                {
                    return;
                }

                var row = await ReadAsync(cancellationToken).ConfigureAwait(false);
                var now = clock.GetUtcNow().UtcTicks;
                var spacing = Math.Max(1, (long)(TimeSpan.TicksPerSecond / RateAt(row, now, limit)));
                var turn = Math.Max(row.NextTurn, now);
                var read = row.NextTurn;
                var taken = await scopes.RunAsync<TContext, int>(context =>
                {
                    // Identifiers from the model, delimited; every value a parameter.
                    var n = Columns.Of(context);
                    var sql = $"UPDATE {n.Table} SET {n.NextTurn} = {{0}} WHERE {n.Name} = {{1}} AND {n.NextTurn} = {{2}}";
                    return context.Database.ExecuteSqlRawAsync(sql, [turn + spacing, Name, read], cancellationToken);
                }).ConfigureAwait(false);
                if (taken == 1)
                {
                    var wait = TimeSpan.FromTicks(turn - now);
                    if (wait > TimeSpan.Zero)
                    {
                        try
                        {
                            await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException)
                        {
                            await GiveBackAsync(turn, spacing).ConfigureAwait(false);
                            throw;
                        }
                    }

                    // Woken more than half a spacing late (a stalled process, a busy machine): the turn is given up,
                    // not used, so that this send cannot bunch with the next dispatcher's on time. Every send starts
                    // within half a spacing of its turn, whatever the number of dispatchers.
                    if (clock.GetUtcNow().UtcTicks - turn <= spacing / 2)
                    {
                        return;
                    }
                }
            }

            throw new InvalidOperationException($"Could not take a turn of {Name} in {MaxRaces} tries: other dispatchers took every one.");
        }
        finally
        {
            _taking.Release();
        }
    }

    /// <summary>
    /// Gives back a turn this dispatcher stopped waiting for (at shutdown), when no dispatcher took a later one since, so
    /// that a restart does not wait for it; a failure only costs the turn.
    /// </summary>
    private async Task GiveBackAsync(long turn, long spacing)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await scopes.RunAsync<TContext, int>(context =>
            {
                var n = Columns.Of(context);
                var sql = $"UPDATE {n.Table} SET {n.NextTurn} = {{0}} WHERE {n.Name} = {{1}} AND {n.NextTurn} = {{2}}";
                return context.Database.ExecuteSqlRawAsync(sql, [turn, Name, turn + spacing], timeout.Token);
            }).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or DbException or InvalidOperationException)
        {
            // The turn is lost: the rate is a little lower for one spacing.
        }
    }

    /// <summary>Slows every dispatcher down after a throttling reply, once per episode.</summary>
    /// <returns>The new rate in emails per second, or <see langword="null"/> when another reply (of any dispatcher) already slowed them down.</returns>
    public async Task<double?> ThrottledAsync(CancellationToken cancellationToken)
    {
        if (Limit is not { } limit)
        {
            return null;
        }

        var row = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow().UtcTicks;
        if (row.SlowRate > 0 && now - row.SlowedAt < SameEpisode)
        {
            return null;
        }

        var slower = Math.Max(RateAt(row, now, limit) * Decrease, Ceiling(limit) * Floor);
        var read = row.SlowedAt;
        var written = await scopes.RunAsync<TContext, int>(context =>
        {
            var n = Columns.Of(context);
            var sql = $"UPDATE {n.Table} SET {n.SlowRate} = {{0}}, {n.SlowedAt} = {{1}} WHERE {n.Name} = {{2}} AND {n.SlowedAt} = {{3}}";
            return context.Database.ExecuteSqlRawAsync(sql, [slower, now, Name, read], cancellationToken);
        }).ConfigureAwait(false);
        return written == 1 ? slower : null;
    }

    public void Dispose() => _taking.Dispose();

    /// <summary>Fails with a message that says what to add when <c>Email:RateLimit</c> is set and the model has no table to share it through.</summary>
    public static void EnsureInModel(DbContext context)
    {
        if (context.Model.FindEntityType(typeof(OutboxRateLimit)) is null)
        {
            throw new InvalidOperationException(
                $"Email:RateLimit is set, and the outbox's dispatchers share it through the database: call modelBuilder.AddEmailOutboxRateLimit() in {context.GetType().Name}'s OnModelCreating, then add a migration.");
        }
    }

    private static double Ceiling(EmailRateLimitOptions limit) => limit.PermitLimit / limit.Period.TotalSeconds;

    /// <summary>The shared rate now: the limit, or the slowed-down rate plus what it regained since.</summary>
    private static double RateAt(OutboxRateLimit row, long now, EmailRateLimitOptions limit)
    {
        var ceiling = Ceiling(limit);
        if (row.SlowRate <= 0)
        {
            return ceiling;
        }

        var regained = ceiling * RecoveryPerSecond * TimeSpan.FromTicks(Math.Max(0, now - row.SlowedAt)).TotalSeconds;
        return Math.Min(ceiling, row.SlowRate + regained);
    }

    /// <summary>Reads the row, adding it the first time (a dispatcher that loses that race reads the winner's).</summary>
    private async Task<OutboxRateLimit> ReadAsync(CancellationToken cancellationToken)
    {
        for (var race = 0; ; race++)
        {
            var row = await scopes.RunAsync<TContext, OutboxRateLimit?>(context => context.Set<OutboxRateLimit>().AsNoTracking()
                .FirstOrDefaultAsync(r => r.Name == Name, cancellationToken)).ConfigureAwait(false);
            if (row is not null)
            {
                return row;
            }

            try
            {
                return await scopes.RunAsync<TContext, OutboxRateLimit>(async context =>
                {
                    var added = new OutboxRateLimit { Name = Name };
                    context.Add(added);
                    await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                    return added;
                }).ConfigureAwait(false);
            }
            catch (DbUpdateException) when (race < 3)
            {
                // Another dispatcher added it first.
            }
        }
    }

    /// <summary>
    /// The table and column names, delimited for the provider, read from the model. Updates are SQL of their own, as
    /// the outbox's are (<c>OutboxStore</c>): <c>ExecuteUpdate</c>'s signature differs between EF Core 8 and 10.
    /// </summary>
    private sealed record Columns(string Table, string Name, string NextTurn, string SlowRate, string SlowedAt)
    {
        public static Columns Of(DbContext context)
        {
            EnsureInModel(context);
            var entity = context.Model.FindEntityType(typeof(OutboxRateLimit))!;
            var sql = context.GetService<ISqlGenerationHelper>();
            var tableName = entity.GetTableName()!;
            var table = StoreObjectIdentifier.Table(tableName, entity.GetSchema());
            string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);
            return new Columns(
                sql.DelimitIdentifier(tableName, entity.GetSchema()),
                Column(nameof(OutboxRateLimit.Name)),
                Column(nameof(OutboxRateLimit.NextTurn)),
                Column(nameof(OutboxRateLimit.SlowRate)),
                Column(nameof(OutboxRateLimit.SlowedAt)));
        }
    }
}
