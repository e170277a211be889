using Hyperswitch.Email.Suppressions;
using Hyperswitch.Email.Suppressions.Internal;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Extension methods for adding the email suppression list to an Entity Framework Core model.</summary>
public static class EmailSuppressionModelBuilderExtensions
{
    /// <summary>
    /// Adds the <see cref="EmailSuppression"/> entity (table <paramref name="tableName"/>) to the model, unique by
    /// address and stream. Call it from <c>OnModelCreating</c>; <c>dotnet ef migrations add</c> then creates the table.
    /// </summary>
    /// <param name="modelBuilder">The model builder of the application's <see cref="DbContext"/>.</param>
    /// <param name="tableName">The table name.</param>
    /// <param name="schema">The schema, or <see langword="null"/> for the default one.</param>
    /// <returns>The <paramref name="modelBuilder"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="modelBuilder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="tableName"/> is null, empty or white space.</exception>
    public static ModelBuilder AddEmailSuppressions(this ModelBuilder modelBuilder, string tableName = "EmailSuppressions", string? schema = null)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);

        // Written in UTC; providers that read it back without a kind (SQLite) get it marked as UTC.
        var utc = new ValueConverter<DateTime, DateTime>(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
        modelBuilder.Entity<EmailSuppression>(entry =>
        {
            entry.ToTable(tableName, schema);
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Id).ValueGeneratedNever();
            entry.Property(e => e.Address).IsRequired().HasMaxLength(EmailAddressNormalizer.MaxLength);
            entry.Property(e => e.Stream).IsRequired().HasMaxLength(EmailSuppression.MaxStreamLength);
            entry.Property(e => e.Reason).IsRequired().HasConversion<string>().HasMaxLength(20);
            entry.Property(e => e.Source).IsRequired().HasMaxLength(SuppressionStore.MaxSourceLength);
            entry.Property(e => e.MessageId).HasMaxLength(500);
            entry.Property(e => e.CreatedAt).HasConversion(utc);
            entry.HasIndex(e => new { e.Address, e.Stream }).IsUnique();
            entry.HasIndex(e => e.CreatedAt);
        });
        return modelBuilder;
    }
}
