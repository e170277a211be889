using System.Net.Security;
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

    /// <summary>Gets how a queue sends what it stored: the pipeline around the active provider.</summary>
    public PreparedEmailSender Sender => _provider.GetRequiredService<PreparedEmailSender>();

    /// <summary>Composes <paramref name="message"/> as a queue would before storing it.</summary>
    public ValueTask<PreparedEmail> ComposeAsync(EmailMessage message) => _provider.GetRequiredService<IEmailComposer>().ComposeAsync(message);

    public CapturingLoggerProvider Logs { get; }

    public IConfigurationRoot? Configuration { get; }

    public static EmailClientFactory FromConfiguration(
        Dictionary<string, string?> settings, Action<SmtpOptions>? smtp = null, RemoteCertificateValidationCallback? serverCertificateValidation = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddSmtpEmail(configuration);
        if (smtp is not null)
        {
            services.Configure(smtp);
        }

        if (serverCertificateValidation is not null)
        {
            new EmailBuilder(services).ConfigureSmtpServerCertificateValidation(serverCertificateValidation);
        }

        return new EmailClientFactory(services.BuildServiceProvider(validateScopes: true), logs, configuration);
    }

    /// <inheritdoc cref="TestSmtpSettings.Plaintext(int, int)"/>
    public static Dictionary<string, string?> Plaintext(int port, int timeoutSeconds = 10) => TestSmtpSettings.Plaintext(port, timeoutSeconds);

    /// <inheritdoc cref="TestSmtpSettings.StartTls(int)"/>
    public static Dictionary<string, string?> StartTls(int port) => TestSmtpSettings.StartTls(port);

    public void Dispose() => _provider.Dispose();
}
