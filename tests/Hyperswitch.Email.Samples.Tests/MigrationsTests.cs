using Hyperswitch.Email.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SignupFlows.Data;

namespace Hyperswitch.Email.Samples.Tests;

/// <summary>The sample's EF Core migrations: they create the outbox and suppression tables, and they describe the model as it is.</summary>
public sealed class MigrationsTests
{
    [Fact]
    public async Task Migrate_FreshDatabase_CreatesTheOutboxAndSuppressionsAndLeavesNoModelChangeWithoutAMigration()
    {
        var database = SignupFlowsApp.NewDatabase();
        try
        {
            var options = new DbContextOptionsBuilder<UsersDbContext>().UseSqlite($"Data Source={database}").Options;
            await using var context = new UsersDbContext(options);

            await context.Database.MigrateAsync();
            var tables = await context.Database
                .SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table'")
                .ToListAsync();

            Assert.Contains("EmailOutbox", tables);
            Assert.Contains("AspNetUsers", tables);
            Assert.Contains("EmailSuppressions", tables);
            // Every column the outbox maps exists: the query reads them all.
            Assert.Empty(await context.Set<EmailOutboxMessage>().ToListAsync());
            Assert.Empty(await context.Set<Hyperswitch.Email.Suppressions.EmailSuppression>().ToListAsync());
            Assert.Empty(await context.Database.GetPendingMigrationsAsync());
            Assert.False(
                context.Database.HasPendingModelChanges(),
                "The model has changed since the last migration. Add one: "
                + "cd samples/SignupFlows && dotnet tool restore && dotnet ef migrations add <Name> --output-dir Data/Migrations");
        }
        finally
        {
            SignupFlowsApp.DeleteDatabase(database);
        }
    }
}
