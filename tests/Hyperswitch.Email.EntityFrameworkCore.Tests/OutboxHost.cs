using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hyperswitch.Email.EntityFrameworkCore.Tests;

/// <summary>
/// One application instance: a generic host with <c>AddSmtpEmail</c> (from a configuration the test can change and
/// reload), the context on <see cref="TestDatabase"/>, and <c>AddEmailOutbox</c> with short test intervals.
/// </summary>
public sealed class OutboxHost : IAsyncDisposable
{
    private readonly IHost _host;

    private OutboxHost(IHost host, IConfigurationRoot configuration)
    {
        _host = host;
        Configuration = configuration;
    }

    public IServiceProvider Services => _host.Services;

    public IConfigurationRoot Configuration { get; }

    public IEmailOutbox Outbox => Services.GetRequiredService<IEmailOutbox>();

    public static async Task<OutboxHost> StartAsync(
        TestDatabase database,
        int smtpPort,
        Action<EmailOutboxOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<DbContextOptionsBuilder>? context = null)
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
        builder.Services.AddDbContext<OutboxTestContext>(options =>
        {
            database.Configure(options);
            context?.Invoke(options);
        });
        builder.Services.AddEmailOutbox<OutboxTestContext>(options =>
        {
            options.PollInterval = TimeSpan.FromMilliseconds(100);
            options.RetryDelay = TimeSpan.FromMilliseconds(200);
            options.MaxRetryDelay = TimeSpan.FromSeconds(1);
            options.LeaseDuration = TimeSpan.FromSeconds(30);
            configure?.Invoke(options);
        });
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new OutboxHost(host, configuration);
    }

    /// <summary>Points the SMTP client at another port, as an operator editing the configuration would.</summary>
    public void UseSmtpPort(int port) => Reconfigure("Email:Smtp:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Changes one configuration value and reloads, as an edited appsettings.json would.</summary>
    public void Reconfigure(string key, string value)
    {
        Configuration[key] = value;
        Configuration.Reload();
    }

    /// <summary>Stops the host as the application does on shutdown (within <c>HostOptions.ShutdownTimeout</c>), then disposes it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
