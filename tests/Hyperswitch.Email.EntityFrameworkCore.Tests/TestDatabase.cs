using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Hyperswitch.Email.EntityFrameworkCore.Tests;

/// <summary>A database the outbox tests run on: a SQLite file in a temporary folder, or a fresh database on the PostgreSQL fixture.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _folder;

    private TestDatabase(string connectionString, bool isPostgreSql, string? folder)
    {
        ConnectionString = connectionString;
        IsPostgreSql = isPostgreSql;
        _folder = folder;
    }

    public string ConnectionString { get; }

    public bool IsPostgreSql { get; }

    /// <summary>A SQLite file with the schema created (WAL, as an application serving requests would use).</summary>
    public static async Task<TestDatabase> CreateSqliteAsync()
    {
        var folder = Directory.CreateTempSubdirectory("outbox-sqlite-").FullName;
        var database = new TestDatabase(new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "app.db") }.ToString(), isPostgreSql: false, folder);
        await using var context = database.CreateContext();
        await context.Database.EnsureCreatedAsync();
        await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        return database;
    }

    /// <summary>A fresh database on <paramref name="server"/> with the schema created.</summary>
    public static async Task<TestDatabase> CreatePostgreSqlAsync(PostgreSqlServer server)
    {
        var database = new TestDatabase(await server.CreateDatabaseAsync(), isPostgreSql: true, folder: null);
        await using var context = database.CreateContext();
        await context.Database.EnsureCreatedAsync();
        return database;
    }

    public void Configure(DbContextOptionsBuilder options)
    {
        if (IsPostgreSql)
        {
            options.UseNpgsql(ConnectionString);
        }
        else
        {
            options.UseSqlite(ConnectionString);
        }
    }

    public OutboxTestContext CreateContext()
    {
        var options = new DbContextOptionsBuilder<OutboxTestContext>();
        Configure(options);
        return new OutboxTestContext(options.Options);
    }

    /// <summary>Reads every outbox row, fresh from the database.</summary>
    public async Task<List<EmailOutboxMessage>> RowsAsync()
    {
        await using var context = CreateContext();
        return await context.Outbox.AsNoTracking().ToListAsync();
    }

    public ValueTask DisposeAsync()
    {
        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a test that failed: the temporary folder is left behind.
            }
        }

        return ValueTask.CompletedTask;
    }
}
