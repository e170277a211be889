using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hyperswitch.Email.Suppressions.Internal;

/// <summary>The <see cref="IEmailSuppressionList"/> on <typeparamref name="TContext"/>: a context of its own per call.</summary>
internal sealed partial class EmailSuppressionList<TContext> : IEmailSuppressionList
    where TContext : DbContext
{
    private const int MaxTake = 1000;
    private readonly IServiceScopeFactory _scopes;
    private readonly SuppressionTelemetry _telemetry;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    public EmailSuppressionList(IServiceScopeFactory scopes, SuppressionTelemetry telemetry, ILogger<EmailSuppressionList<TContext>>? logger = null, TimeProvider? clock = null)
    {
        _scopes = scopes;
        _telemetry = telemetry;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _clock = clock ?? TimeProvider.System;
    }

    public async Task<bool> AddAsync(string address, EmailSuppressionReason reason, string? stream = null, string? source = null, string? messageId = null, CancellationToken cancellationToken = default)
    {
        var entry = new EmailSuppression
        {
            Id = Guid.NewGuid(),
            Address = EmailAddressNormalizer.Normalize(address, nameof(address)),
            Stream = stream is null ? EmailSuppression.AllStreams : EmailStreams.Validate(stream, nameof(stream)),
            Reason = reason,
            Source = Cut(string.IsNullOrWhiteSpace(source) ? reason.ToString() : source.Trim(), SuppressionStore.MaxSourceLength),
            MessageId = messageId is null ? null : Cut(messageId.Trim('<', '>', ' '), 500),
            CreatedAt = _clock.GetUtcNow().UtcDateTime,
        };
        var added = await RunAsync(context => SuppressionStore.AddAsync(context, entry, cancellationToken)).ConfigureAwait(false);
        if (added)
        {
            _telemetry.Added(reason);
            var masked = EmailAddressNormalizer.Mask(entry.Address);
            LogAdded(masked, entry.Stream, reason, entry.Source);
        }

        return added;
    }

    public async Task<int> RemoveAsync(string address, string? stream = null, CancellationToken cancellationToken = default)
    {
        var normalized = EmailAddressNormalizer.Normalize(address, nameof(address));
        var scope = stream is null ? null : EmailStreams.Validate(stream, nameof(stream));
        var removed = await RunAsync(async context =>
        {
            SuppressionStore.EnsureInModel(context);
            var entries = context.Set<EmailSuppression>().Where(e => e.Address == normalized);
            if (scope is not null)
            {
                entries = entries.Where(e => e.Stream == scope);
            }

            // Loaded and removed rather than ExecuteDeleteAsync, whose signature changed between EF Core 8 and 10.
            var found = await entries.ToListAsync(cancellationToken).ConfigureAwait(false);
            context.RemoveRange(found);
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return found.Count;
        }).ConfigureAwait(false);
        if (removed > 0)
        {
            var masked = EmailAddressNormalizer.Mask(normalized);
            LogRemoved(masked, scope ?? "every stream", removed);
        }

        return removed;
    }

    public Task<IReadOnlyList<EmailSuppression>> ListAsync(string? address = null, int skip = 0, int take = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(take, MaxTake);
        var normalized = address is null ? null : EmailAddressNormalizer.Normalize(address, nameof(address));
        return RunAsync<IReadOnlyList<EmailSuppression>>(async context =>
        {
            SuppressionStore.EnsureInModel(context);
            var entries = context.Set<EmailSuppression>().AsNoTracking();
            if (normalized is not null)
            {
                entries = entries.Where(e => e.Address == normalized);
            }

            return await entries.OrderByDescending(e => e.CreatedAt).ThenBy(e => e.Id).Skip(skip).Take(take)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        });
    }

    public Task<IReadOnlyList<EmailSuppression>> FindAsync(IEnumerable<string> addresses, string? stream = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var normalized = addresses
            .Select(a => EmailAddressNormalizer.TryNormalize(a, out var n) ? n : null)
            .OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        var scope = stream is null ? null : EmailStreams.Validate(stream, nameof(stream));
        return normalized.Length == 0
            ? Task.FromResult<IReadOnlyList<EmailSuppression>>([])
            : RunAsync(context => SuppressionStore.FindAsync(context, normalized, scope, cancellationToken));
    }

    private async Task<T> RunAsync<T>(Func<TContext, Task<T>> work)
    {
        var scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            return await work(scope.ServiceProvider.GetRequiredService<TContext>()).ConfigureAwait(false);
        }
    }

    private static string Cut(string value, int length) => value.Length > length ? value[..length] : value;

    [LoggerMessage(EventId = 201, EventName = "EmailSuppressionAdded", Level = LogLevel.Information,
        Message = "Suppressed {Address} for {Stream}: {Reason} ({Source})")]
    private partial void LogAdded(string address, string stream, EmailSuppressionReason reason, string source);

    [LoggerMessage(EventId = 202, EventName = "EmailSuppressionRemoved", Level = LogLevel.Information,
        Message = "Lifted the suppression of {Address} for {Stream} ({Count} entries removed)")]
    private partial void LogRemoved(string address, string stream, int count);
}
