using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hyperswitch.Email.EntityFrameworkCore.Internal;

/// <summary>The <see cref="IEmailOutbox"/> of <typeparamref name="TContext"/>: builds with the registered <see cref="IEmailClient"/>, stores in the context.</summary>
internal sealed class EmailOutbox<TContext> : IEmailOutbox
    where TContext : DbContext
{
    private readonly IEmailClient _client;
    private readonly IServiceScopeFactory _scopes;
    private readonly OutboxSignal _signal;
    private readonly TimeProvider _clock;
    private readonly EventHandler<SavedChangesEventArgs> _onSaved;

    public EmailOutbox(IEmailClient client, IServiceScopeFactory scopes, OutboxSignal signal, TimeProvider? clock = null)
    {
        _client = client;
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

        var email = EmailOutboxMessage.Create(_client.Prepare(message), _clock.GetUtcNow().UtcDateTime);
        context.Set<EmailOutboxMessage>().Add(email);

        // One subscription per context however many emails it gets: the dispatcher wakes when the context saves.
        context.SavedChanges -= _onSaved;
        context.SavedChanges += _onSaved;
        return email;
    }

    public async Task<EmailOutboxMessage> EnqueueAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return await _scopes.RunAsync<TContext, EmailOutboxMessage>(async context =>
        {
            var email = Add(context, message);
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
}
