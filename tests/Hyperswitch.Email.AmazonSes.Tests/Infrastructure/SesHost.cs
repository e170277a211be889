using Amazon.Runtime;
using Hyperswitch.Email.AmazonSes.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hyperswitch.Email.AmazonSes.Tests;

/// <summary>
/// The library as an application builds it, with the SES provider: configuration, the core's registration, the SES
/// registration, static source credentials (the SDK chain's place) and a recorder in the SES HTTP client's pipeline.
/// </summary>
public sealed class SesHost : IAsyncDisposable
{
    /// <summary>The source credentials: AWS's documentation example key pair, never a real one.</summary>
    public const string AccessKeyId = "AKIAIOSFODNN7EXAMPLE";

    public const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private readonly ServiceProvider _provider;

    private SesHost(ServiceProvider provider, RequestLog log, CapturingLoggerProvider logs)
    {
        _provider = provider;
        Requests = log;
        Logs = logs;
    }

    public IServiceProvider Services => _provider;

    public RequestLog Requests { get; }

    public CapturingLoggerProvider Logs { get; }

    internal AmazonSesTransport Transport => _provider.GetRequiredService<AmazonSesTransport>();

    /// <summary>The settings every test starts from: SES at <paramref name="serviceUrl"/>, region eu-west-1, a sender on shop.example.</summary>
    public static Dictionary<string, string?> Settings(Uri serviceUrl) => new()
    {
        ["Email:ActiveEmailClient"] = "SES",
        ["Email:SenderEmail"] = "noreply@shop.example",
        ["Email:SenderName"] = "Shop",
        ["Email:AwsRegion"] = "eu-west-1",
        ["Email:AwsSes:ServiceUrl"] = serviceUrl.ToString(),
    };

    /// <summary>Starts the host; <paramref name="useCredentialChain"/> leaves the credentials to the AWS SDK's default chain.</summary>
    public static SesHost Start(Dictionary<string, string?> settings, AWSCredentials? credentials = null, Action<IServiceCollection>? configure = null, bool useCredentialChain = false)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var logs = new CapturingLoggerProvider();
        var log = new RequestLog();
        var services = new ServiceCollection()
            .AddLogging(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddEmail(configuration).AddAmazonSes();
        services.AddHttpClient(AmazonSesTransport.HttpClientName).AddHttpMessageHandler(log.CreateHandler);
        if (!useCredentialChain)
        {
            services.AddSingleton(credentials ?? new BasicAWSCredentials(AccessKeyId, SecretAccessKey));
        }

        configure?.Invoke(services);
        return new SesHost(services.BuildServiceProvider(validateScopes: true), log, logs);
    }

    /// <summary>Sends <paramref name="message"/> as an application does: through the registered <see cref="IEmailClient"/>.</summary>
    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default) =>
        _provider.GetRequiredService<IEmailClient>().SendAsync(message, cancellationToken);

    /// <summary>Composes <paramref name="message"/> and sends it as a queue does, through <see cref="PreparedEmailSender"/>; returns what was sent.</summary>
    public async Task<PreparedEmail> SendPreparedAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var prepared = await _provider.GetRequiredService<IEmailComposer>().ComposeAsync(message, cancellationToken);
        await _provider.GetRequiredService<PreparedEmailSender>().SendAsync(prepared, cancellationToken);
        return prepared;
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
