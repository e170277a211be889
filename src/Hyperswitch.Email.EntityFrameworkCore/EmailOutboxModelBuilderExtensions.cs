using Hyperswitch.Email.EntityFrameworkCore;
using Hyperswitch.Email.EntityFrameworkCore.Internal;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Extension methods for adding the email outbox to an Entity Framework Core model.</summary>
public static class EmailOutboxModelBuilderExtensions
{
    /// <summary>
    /// Adds the <see cref="EmailOutboxMessage"/> entity (table <paramref name="tableName"/>) to the model, with the index
    /// the dispatcher claims by and the unique index on the idempotency key. Call it from <c>OnModelCreating</c>; <c>dotnet ef migrations add</c> then creates the table.
    /// </summary>
    /// <param name="modelBuilder">The model builder of the application's <see cref="DbContext"/>.</param>
    /// <param name="tableName">The table name.</param>
    /// <param name="schema">The schema, or <see langword="null"/> for the default one.</param>
    /// <returns>The <paramref name="modelBuilder"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="modelBuilder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="tableName"/> is null, empty or white space.</exception>
    public static ModelBuilder AddEmailOutbox(this ModelBuilder modelBuilder, string tableName = "EmailOutbox", string? schema = null)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);

        // Every time is written in UTC; providers that read it back without a kind (SQLite) get it marked as UTC.
        var utc = new ValueConverter<DateTime, DateTime>(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
        var utcOrNull = new ValueConverter<DateTime?, DateTime?>(v => v, v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);

        modelBuilder.Entity<EmailOutboxMessage>(email =>
        {
            email.ToTable(tableName, schema);
            email.HasKey(e => e.Id);
            email.Property(e => e.Id).ValueGeneratedNever();
            // 500 characters: far above any Message-ID the library makes, and short enough to index on MySQL and SQL Server.
            email.Property(e => e.MessageId).IsRequired().HasMaxLength(500);
            email.Property(e => e.Content).IsRequired();
            email.Property(e => e.Status).IsRequired();
            email.Property(e => e.EnqueuedAt).HasConversion(utc);
            email.Property(e => e.NextAttemptAt).HasConversion(utc);
            email.Property(e => e.CompletedAt).HasConversion(utcOrNull);
            email.Property(e => e.ClaimedUntil).HasConversion(utcOrNull);
            email.Property(e => e.AttemptStartedAt).HasConversion(utcOrNull);
            email.Property(e => e.ClaimedBy).HasMaxLength(200);
            email.Property(e => e.ClaimToken).IsConcurrencyToken();
            email.Property(e => e.LastError).HasMaxLength(2000);
            email.Property(e => e.LastErrorProvider).HasMaxLength(EmailOutboxMessage.MaxCodeLength);
            email.Property(e => e.LastErrorCode).HasMaxLength(EmailOutboxMessage.MaxCodeLength);
            email.HasIndex(e => new { e.Status, e.NextAttemptAt });
            email.HasIndex(e => e.MessageId);
            email.HasIndex(e => e.ClaimToken);
            // Unique where set (NULLs are distinct; on SQL Server EF Core filters the index to non-null keys).
            email.Property(e => e.IdempotencyKey).HasMaxLength(EmailEnqueueOptions.MaxIdempotencyKeyLength);
            email.HasIndex(e => e.IdempotencyKey).IsUnique();
        });
        return modelBuilder;
    }

    /// <summary>
    /// Adds the one-row table <paramref name="tableName"/> through which every dispatcher of the database shares
    /// <c>Email:RateLimit</c>, so that N instances together stay within the limit. Call it from <c>OnModelCreating</c>
    /// with <see cref="AddEmailOutbox"/> when the application sets <c>Email:RateLimit</c>; <c>dotnet ef migrations add</c>
    /// then creates the table.
    /// </summary>
    /// <param name="modelBuilder">The model builder of the application's <see cref="DbContext"/>.</param>
    /// <param name="tableName">The table name.</param>
    /// <param name="schema">The schema, or <see langword="null"/> for the default one.</param>
    /// <returns>The <paramref name="modelBuilder"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="modelBuilder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="tableName"/> is null, empty or white space.</exception>
    /// <remarks>
    /// Without it, a dispatcher with <c>Email:RateLimit</c> set fails at startup, naming this method: a limit that each
    /// instance applied on its own would let N instances send N times it.
    /// </remarks>
    public static ModelBuilder AddEmailOutboxRateLimit(this ModelBuilder modelBuilder, string tableName = "EmailOutboxRateLimit", string? schema = null)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);

        modelBuilder.Entity<OutboxRateLimit>(limit =>
        {
            limit.ToTable(tableName, schema);
            limit.HasKey(l => l.Name);
            limit.Property(l => l.Name).HasMaxLength(100);
        });
        return modelBuilder;
    }
}
