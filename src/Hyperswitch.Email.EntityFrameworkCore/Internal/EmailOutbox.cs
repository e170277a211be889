using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hyperswitch.Email.EntityFrameworkCore.Internal;

/// <summary>The <see cref="IEmailOutbox"/> of <typeparamref name="TContext"/>: composes with the registered <see cref="IEmailComposer"/>, stores in the context.</summary>
internal sealed class EmailOutbox<TContext> : IEmailOutbox
    where TContext : DbContext
{
    private readonly IEmailComposer _composer;
    private readonly IServiceScopeFactory _scopes;
    private readonly OutboxSignal _signal;
    private readonly TimeProvider _clock;
    private readonly EventHandler<SavedChangesEventArgs> _onSaved;

    public EmailOutbox(IEmailComposer composer, IServiceScopeFactory scopes, OutboxSignal signal, TimeProvider? clock = null)
    {
        _composer = composer;
        _scopes = scopes;
        _signal = signal;
        _clock = clock ?? TimeProvider.System;
        _onSaved = (_, _) => _signal.Wake();
    }

    public EmailOutboxMessage Add(DbContext context, EmailMessage message)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(message);
        OutboxStore.EnsureInModel(context);

        // The library's composer completes at the call (and throws there); one that does not cannot be waited for here
        // without blocking a thread, so the synchronous path refuses it and points at AddAsync.
        var composing = _composer.ComposeAsync(message, CancellationToken.None);
        if (!composing.IsCompleted)
        {
            Observe(composing);
            throw new NotSupportedException(
                $"The registered {nameof(IEmailComposer)} completes asynchronously; call {nameof(IEmailOutbox)}.{nameof(AddAsync)} (or db.AddEmailAsync) instead of {nameof(Add)}.");
        }

        return Store(context, composing.GetAwaiter().GetResult());
    }

    public async Task<EmailOutboxMessage> AddAsync(DbContext context, EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(message);
        OutboxStore.EnsureInModel(context);
        var email = await _composer.ComposeAsync(message, cancellationToken).ConfigureAwait(false);
        return Store(context, email);
    }

    public async Task<EmailOutboxMessage> AddAsync(DbContext context, EmailMessage message, EmailEnqueueOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(options);
        var key = CheckedKey(options);
        OutboxStore.EnsureInModel(context);
        var email = await _composer.ComposeAsync(message, cancellationToken).ConfigureAwait(false);
        if (key is not null && await FindAsync(context, key, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        return Store(context, email, options.NotBefore, key);
    }

    public async Task<EmailOutboxMessage> EnqueueAsync(EmailMessage message, EmailEnqueueOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(options);
        var key = CheckedKey(options);
        var prepared = await _composer.ComposeAsync(message, cancellationToken).ConfigureAwait(false);
        try
        {
            return await _scopes.RunAsync<TContext, EmailOutboxMessage>(async context =>
            {
                OutboxStore.EnsureInModel(context);
                if (key is not null && await OutboxStore.FindByIdempotencyKeyAsync(context, key, cancellationToken).ConfigureAwait(false) is { } existing)
                {
                    return existing;
                }

                var email = Store(context, prepared, options.NotBefore, key);
                await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return email;
            }).ConfigureAwait(false);
        }
        catch (DbUpdateException) when (key is not null)
        {
            // A concurrent enqueue stored the key between the look-up and the insert: the unique index refused this one.
            // Any other refusal finds no such row, and the original exception goes to the caller.
            var existing = await _scopes.RunAsync<TContext, EmailOutboxMessage?>(
                context => OutboxStore.FindByIdempotencyKeyAsync(context, key, cancellationToken)).ConfigureAwait(false);
            if (existing is null)
            {
                throw;
            }

            return existing;
        }
    }

    public async Task<bool> CancelAsync(Guid id, CancellationToken cancellationToken = default) =>
        await _scopes.RunAsync<TContext, bool>(
            context => OutboxStore.CancelAsync(context, id, _clock.GetUtcNow().UtcDateTime, cancellationToken)).ConfigureAwait(false);

    public async Task<EmailOutboxMessage> EnqueueAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);

        // Composed before a context is taken, so that bad input fails without touching the database.
        var prepared = await _composer.ComposeAsync(message, cancellationToken).ConfigureAwait(false);
        return await _scopes.RunAsync<TContext, EmailOutboxMessage>(async context =>
        {
            OutboxStore.EnsureInModel(context);
            var email = Store(context, prepared);
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return email;
        }).ConfigureAwait(false);
    }

    public async Task<int> RequeueFailedAsync(CancellationToken cancellationToken = default)
    {
        var requeued = await _scopes.RunAsync<TContext, int>(
            context => OutboxStore.RequeueFailedAsync(context, _clock.GetUtcNow().UtcDateTime, cancellationToken)).ConfigureAwait(false);
        _signal.Wake();
        return requeued;
    }

    public Task<EmailOutboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) =>
        _scopes.RunAsync<TContext, EmailOutboxStatistics>(
            context => OutboxStore.ReadStatisticsAsync(context, _clock.GetUtcNow().UtcDateTime, cancellationToken));

    private static string? CheckedKey(EmailEnqueueOptions options)
    {
        if (options.IdempotencyKey is not { } key)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(key) || key.Length > EmailEnqueueOptions.MaxIdempotencyKeyLength)
        {
            throw new ArgumentException(
                $"{nameof(EmailEnqueueOptions.IdempotencyKey)} must be null, or 1 to {EmailEnqueueOptions.MaxIdempotencyKeyLength} characters that are not all white space.",
                nameof(options));
        }

        return key;
    }

    /// <summary>The email with <paramref name="key"/> added to <paramref name="context"/> but not saved, or stored (read in the caller's transaction).</summary>
    private static async Task<EmailOutboxMessage?> FindAsync(DbContext context, string key, CancellationToken cancellationToken) =>
        context.ChangeTracker.Entries<EmailOutboxMessage>()
            .Where(e => e.State == EntityState.Added && e.Entity.IdempotencyKey == key)
            .Select(e => e.Entity)
            .FirstOrDefault()
        ?? await OutboxStore.FindByIdempotencyKeyAsync(context, key, cancellationToken).ConfigureAwait(false);

    private EmailOutboxMessage Store(DbContext context, PreparedEmail prepared, DateTimeOffset? notBefore = null, string? idempotencyKey = null)
    {
        var email = EmailOutboxMessage.Create(prepared, _clock.GetUtcNow().UtcDateTime, notBefore?.UtcDateTime, idempotencyKey);
        context.Set<EmailOutboxMessage>().Add(email);

        // One subscription per context however many emails it gets: the dispatcher wakes when the context saves.
        context.SavedChanges -= _onSaved;
        context.SavedChanges += _onSaved;
        return email;
    }

    /// <summary>Lets a composition the synchronous path refused finish unobserved without an unobserved-task error.</summary>
    private static void Observe(ValueTask<PreparedEmail> composing) =>
        _ = composing.AsTask().ContinueWith(static task => _ = task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
