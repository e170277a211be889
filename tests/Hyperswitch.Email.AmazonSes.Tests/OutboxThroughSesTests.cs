using Amazon.Runtime;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Hyperswitch.Email.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace Hyperswitch.Email.AmazonSes.Tests;

/// <summary>The outbox (Hyperswitch.Email.EntityFrameworkCore, on SQLite) delivers through SES like through any provider.</summary>
[Collection(SesLocalCollectionDefinition.Name)]
public sealed class OutboxThroughSesTests(SesLocalFixture ses)
{
    [Fact]
    public async Task Outbox_EmailQueuedWithSesActive_IsDeliveredToSesAndMarkedSent()
    {
        var folder = Directory.CreateTempSubdirectory("ses-outbox-").FullName;
        var connection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "app.db") }.ToString();
        using var host = await StartAsync(ses.Server.Url, connection);
        var subject = $"Queued through SES {Guid.NewGuid():N}";

        using (var scope = host.Services.CreateScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<SesOutboxContext>();
            await context.AddEmailAsync(new EmailMessage("jane@example.com", subject, "<p>Welcome</p>") { Bcc = { "audit@example.com" } });
            await context.SaveChangesAsync();
        }

        Assert.True(await Eventually.TrueAsync(async () => (await ses.Server.EmailsAsync()).Any(e => e.GetProperty("subject").GetString() == subject), TimeSpan.FromSeconds(60)));
        Assert.True(await Eventually.TrueAsync(async () => await StatusAsync(connection) == EmailOutboxStatus.Sent, TimeSpan.FromSeconds(60)));
        await host.StopAsync();
    }

    [Fact]
    public async Task Outbox_SesThrottles_RecordsTheAttemptWithSesAndItsCodeAndRetries()
    {
        await using var server = await ScriptedHttpServer.StartAsync(ScriptedHttpServer.Answer(429, "TooManyRequestsException", """{"message":"Too many requests."}"""));
        var folder = Directory.CreateTempSubdirectory("ses-outbox-").FullName;
        var connection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "app.db") }.ToString();
        using var host = await StartAsync(server.Url, connection);

        using (var scope = host.Services.CreateScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<SesOutboxContext>();
            await context.AddEmailAsync(new EmailMessage("jane@example.com", "Throttled", "<p>Later</p>"));
            await context.SaveChangesAsync();
        }

        Assert.True(await Eventually.TrueAsync(async () => (await RowAsync(connection))?.Attempts >= 1 && (await RowAsync(connection))?.LastErrorCode is not null, TimeSpan.FromSeconds(60)));
        var row = (await RowAsync(connection))!;
        Assert.Equal(EmailOutboxStatus.Pending, row.Status);
        Assert.Equal("SES", row.LastErrorProvider);
        Assert.Equal("TooManyRequestsException", row.LastErrorCode);
        await host.StopAsync();
    }

    private static async Task<IHost> StartAsync(Uri serviceUrl, string connection)
    {
        var settings = SesHost.Settings(serviceUrl);
        settings["Email:ActiveEmailClient"] = "SES";
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        builder.Services.AddLogging();
        builder.Services.AddEmail(configuration).AddAmazonSes();
        builder.Services.AddSingleton<AWSCredentials>(new BasicAWSCredentials(SesHost.AccessKeyId, SesHost.SecretAccessKey));
        builder.Services.AddDbContext<SesOutboxContext>(options => options.UseSqlite(connection));
        builder.Services.AddEmailOutbox<SesOutboxContext>(options =>
        {
            options.PollInterval = TimeSpan.FromMilliseconds(100);
            options.RetryDelay = TimeSpan.FromSeconds(30);
            options.LeaseDuration = TimeSpan.FromSeconds(30);
        });
        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SesOutboxContext>().Database.EnsureCreatedAsync();
        }

        await host.StartAsync();
        return host;
    }

    private static async Task<EmailOutboxMessage?> RowAsync(string connection)
    {
        await using var context = new SesOutboxContext(new DbContextOptionsBuilder<SesOutboxContext>().UseSqlite(connection).Options);
        return await context.Outbox.AsNoTracking().SingleOrDefaultAsync();
    }

    private static async Task<EmailOutboxStatus?> StatusAsync(string connection) => (await RowAsync(connection))?.Status;
}

/// <summary>An application's context with the outbox.</summary>
public sealed class SesOutboxContext(DbContextOptions<SesOutboxContext> options) : DbContext(options)
{
    public DbSet<EmailOutboxMessage> Outbox => Set<EmailOutboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddEmailOutbox();
}
