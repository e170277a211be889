using Hyperswitch.Email.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hyperswitch.Email.Tests;

/// <summary>Builds the library the way an application does: configuration, <c>AddSmtpEmail</c>, and the resolved <see cref="IEmailClient"/>.</summary>
public sealed class EmailClientFactory : IDisposable
{
    private readonly ServiceProvider _provider;

    private EmailClientFactory(ServiceProvider provider, CapturingLoggerProvider logs, IConfigurationRoot? configuration)
    {
        _provider = provider;
        Logs = logs;
        Configuration = configuration;
    }

    public IEmailClient Client => _provider.GetRequiredService<IEmailClient>();

    public IServiceProvider Services => _provider;

    public CapturingLoggerProvider Logs { get; }

    public IConfigurationRoot? Configuration { get; }

    public static EmailClientFactory FromConfiguration(Dictionary<string, string?> settings, Action<EmailOptions>? code = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddSmtpEmail(configuration);
        if (code is not null)
        {
            services.Configure(code);
        }

        return new EmailClientFactory(services.BuildServiceProvider(validateScopes: true), logs, configuration);
    }

    /// <inheritdoc cref="TestSmtpSettings.Plaintext(int, int)"/>
    public static Dictionary<string, string?> Plaintext(int port, int timeoutSeconds = 10) => TestSmtpSettings.Plaintext(port, timeoutSeconds);

    /// <inheritdoc cref="TestSmtpSettings.StartTls(int)"/>
    public static Dictionary<string, string?> StartTls(int port) => TestSmtpSettings.StartTls(port);

    public void Dispose() => _provider.Dispose();
}
