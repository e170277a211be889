using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hyperswitch.Email.EntityFrameworkCore.Tests;

/// <summary>The outbox in front of NO_EMAIL_CLIENT (what <c>AddEmail</c> chooses when <c>Email:ActiveEmailClient</c> is not set): never recorded as sent.</summary>
public sealed class OutboxDiscardTests
{
    [Fact]
    public async Task NoEmailClient_EmailsEndDiscardedNotSent_AndTheDispatcherWarnsAtStartup()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        var logs = new CapturingLoggerProvider();
        using var host = await StartAsync(database, logs, retention: TimeSpan.FromDays(1));
        var outbox = host.Services.GetRequiredService<IEmailOutbox>();

        await outbox.EnqueueAsync(new EmailMessage("jane@example.com", "Welcome", "<p>Hi</p>"));
        await outbox.EnqueueAsync(new EmailMessage("joe@example.com", "Welcome", "<p>Hi</p>"));

        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).All(r => r.Status == EmailOutboxStatus.Discarded)), "discarded");
        Assert.All(await database.RowsAsync(), r => Assert.NotNull(r.CompletedAt));
        var warning = Assert.Single(logs.Entries, e => e.EventId.Id == 115);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("discarded, not sent", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.EventId.Id == 104); // never "Sent email … from the outbox"
        var statistics = await outbox.GetStatisticsAsync();
        Assert.Equal((0, 0), (statistics.Pending, statistics.Failed));
        await host.StopAsync();
    }

    [Fact]
    public async Task NoEmailClient_DiscardedRows_ArePurgedAfterTheSentRetention()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        using var host = await StartAsync(database, new CapturingLoggerProvider(), retention: TimeSpan.Zero);

        await host.Services.GetRequiredService<IEmailOutbox>().EnqueueAsync(new EmailMessage("jane@example.com", "Welcome", "<p>Hi</p>"));

        Assert.True(await Eventually.TrueAsync(async () => (await database.RowsAsync()).Count == 0), "purged");
        await host.StopAsync();
    }

    private static async Task<IHost> StartAsync(TestDatabase database, CapturingLoggerProvider logs, TimeSpan retention)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Email:SenderEmail"] = "no-reply@shop.example" })
            .Build();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging(b => b.AddProvider(logs));
        builder.Services.AddEmail(configuration);
        builder.Services.AddDbContext<OutboxTestContext>(database.Configure);
        builder.Services.AddEmailOutbox<OutboxTestContext>(o =>
        {
            o.PollInterval = TimeSpan.FromMilliseconds(100);
            o.SentRetention = retention;
            o.PurgeInterval = TimeSpan.FromMilliseconds(50);
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
