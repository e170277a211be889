using Hyperswitch.Email.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Hyperswitch.Email.Suppressions.Tests;

/// <summary>A fresh database on the PostgreSQL fixture with the outbox and the suppression list created.</summary>
public sealed class PostgreSqlDatabase
{
    private PostgreSqlDatabase(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    public static async Task<PostgreSqlDatabase> CreateAsync(PostgreSqlServer server)
    {
        var database = new PostgreSqlDatabase(await server.CreateDatabaseAsync());
        await using var context = database.CreateContext();
        await context.Database.EnsureCreatedAsync();
        return database;
    }

    public void Configure(DbContextOptionsBuilder options) => options.UseNpgsql(ConnectionString);

    public SuppressionTestContext CreateContext()
    {
        var options = new DbContextOptionsBuilder<SuppressionTestContext>();
        Configure(options);
        return new SuppressionTestContext(options.Options);
    }

    public async Task<List<EmailOutboxMessage>> OutboxRowsAsync()
    {
        await using var context = CreateContext();
        return await context.Outbox.AsNoTracking().ToListAsync();
    }

    public async Task<List<EmailSuppression>> SuppressionRowsAsync()
    {
        await using var context = CreateContext();
        return await context.Suppressions.AsNoTracking().OrderBy(e => e.Address).ThenBy(e => e.Stream).ToListAsync();
    }
}
