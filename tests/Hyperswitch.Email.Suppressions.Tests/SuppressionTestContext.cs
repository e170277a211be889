using Hyperswitch.Email.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Hyperswitch.Email.Suppressions.Tests;

/// <summary>An application's context with the outbox and the suppression list.</summary>
public sealed class SuppressionTestContext(DbContextOptions<SuppressionTestContext> options) : DbContext(options)
{
    public DbSet<EmailOutboxMessage> Outbox => Set<EmailOutboxMessage>();

    public DbSet<EmailSuppression> Suppressions => Set<EmailSuppression>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddEmailOutbox();
        modelBuilder.AddEmailSuppressions();
    }
}

/// <summary>A SQLite file in a temporary folder with the schema created.</summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
    private readonly string _folder;

    private SqliteDatabase(string folder)
    {
        _folder = folder;
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "app.db") }.ToString();
    }

    public string ConnectionString { get; }

    public static async Task<SqliteDatabase> CreateAsync()
    {
        var database = new SqliteDatabase(Directory.CreateTempSubdirectory("suppressions-").FullName);
        await using var context = database.CreateContext();
        await context.Database.EnsureCreatedAsync();
        return database;
    }

    public SuppressionTestContext CreateContext() =>
        new(new DbContextOptionsBuilder<SuppressionTestContext>().UseSqlite(ConnectionString).Options);

    public async Task<List<EmailOutboxMessage>> OutboxRowsAsync()
    {
        await using var context = CreateContext();
        return await context.Outbox.AsNoTracking().ToListAsync();
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }
}
