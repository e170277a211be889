using Microsoft.EntityFrameworkCore;

namespace Hyperswitch.Email.EntityFrameworkCore.Tests;

/// <summary>An application's context: its own table, and the outbox added in one call.</summary>
public sealed class OutboxTestContext(DbContextOptions<OutboxTestContext> options) : DbContext(options)
{
    public DbSet<TestUser> Users => Set<TestUser>();

    public DbSet<EmailOutboxMessage> Outbox => Set<EmailOutboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TestUser>().HasIndex(u => u.Email).IsUnique();
        modelBuilder.AddEmailOutbox().AddEmailOutboxRateLimit();
    }
}

public sealed class TestUser
{
    public int Id { get; set; }

    public string Email { get; set; } = string.Empty;
}
