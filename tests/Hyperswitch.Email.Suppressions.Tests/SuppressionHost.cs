using Hyperswitch.Email.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hyperswitch.Email.Suppressions.Tests;

/// <summary>One application: SMTP to a test server, the outbox and the suppression list on a SQLite file (or a PostgreSQL database).</summary>
public sealed class SuppressionHost : IAsyncDisposable
{
    private readonly IHost _host;

    private SuppressionHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IEmailClient Client => Services.GetRequiredService<IEmailClient>();

    public IEmailSuppressionList Suppressions => Services.GetRequiredService<IEmailSuppressionList>();

    public IEmailOutbox Outbox => Services.GetRequiredService<IEmailOutbox>();

    public static Task<SuppressionHost> StartAsync(SqliteDatabase database, int smtpPort, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, bool dispatch = true, bool bounces = false) =>
        StartAsync(options => options.UseSqlite(database.ConnectionString), smtpPort, settings, services, dispatch, bounces);

    /// <summary>The same application on the database <paramref name="database"/> configures (PostgreSQL, say, or one with an interceptor).</summary>
    public static async Task<SuppressionHost> StartAsync(Action<DbContextOptionsBuilder> database, int smtpPort, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, bool dispatch = true, bool bounces = false)
    {
        var values = new Dictionary<string, string?>
        {
            ["Email:SenderEmail"] = "no-reply@shop.example",
            ["Email:SenderName"] = "Shop",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Connection"] = "plaintext",
            ["Email:Smtp:Timeout"] = "5",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services.AddMetrics();
        builder.Services.AddSmtpEmail(configuration);
        builder.Services.AddDbContext<SuppressionTestContext>(database);
        builder.Services.AddEmailOutbox<SuppressionTestContext>(options =>
        {
            options.PollInterval = TimeSpan.FromMilliseconds(100);
            options.RetryDelay = TimeSpan.FromMilliseconds(200);
            options.MaxRetryDelay = TimeSpan.FromSeconds(1);
            options.DispatcherEnabled = dispatch;
        });
        builder.Services.AddEmailSuppressions<SuppressionTestContext>(configuration);
        if (bounces)
        {
            builder.Services.AddEmailBounceProcessing<SuppressionTestContext>(configuration);
        }

        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new SuppressionHost(host);
    }

    public async Task<EmailOutboxMessage> EnqueueAsync(EmailMessage message)
    {
        using var scope = Services.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<SuppressionTestContext>();
        var row = await context.AddEmailAsync(message);
        await context.SaveChangesAsync();
        return row;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
