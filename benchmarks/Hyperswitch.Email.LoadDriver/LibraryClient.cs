using Hyperswitch.Email.Benchmarks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.LoadDriver;

/// <summary>
/// The library as an application uses it: <c>services.AddSmtpEmail(configuration)</c>, then
/// <see cref="IEmailClient.SendAsync"/>. Pooling is switched on through configuration keys only.
/// </summary>
internal sealed class LibraryClient : IClientUnderTest
{
    private readonly ServiceProvider _provider;
    private readonly IEmailClient _client;

    private LibraryClient(ServiceProvider provider)
    {
        _provider = provider;
        _client = provider.GetRequiredService<IEmailClient>();
    }

    public static LibraryClient Create(DriverOptions options, bool pooled)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Email:SenderEmail"] = SampleEmail.SenderAddress,
            ["Email:SenderName"] = SampleEmail.SenderName,
            ["Email:Smtp:Host"] = options.Host,
            ["Email:Smtp:Port"] = options.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Connection"] = options.StartTls ? "starttls" : "plaintext",
        };
        if (options.StartTls)
        {
            settings["Email:Smtp:TrustedCertificateThumbprint"] = options.Thumbprint;
        }

        if (pooled)
        {
            settings["Email:Smtp:Pooling:Enabled"] = "true";
            settings["Email:Smtp:Pooling:MaxConnections"] = options.Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Email:Smtp:Pooling:MaxMessagesPerConnection"] = "1000";
            settings["Email:Smtp:Pooling:IdleTimeout"] = "00:00:05";
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSmtpEmail(configuration);
        var provider = services.BuildServiceProvider();
        try
        {
            // What the host does at startup (ValidateOnStart): an unknown or invalid key fails here, not at the first send.
            provider.GetRequiredService<IStartupValidator>().Validate();
            return new LibraryClient(provider);
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    public IWorker CreateWorker() => new Worker(_client);

    /// <summary>Disposes the service provider, which closes the pooled connections.</summary>
    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    private sealed class Worker(IEmailClient client) : IWorker
    {
        public Task SendAsync(CancellationToken cancellationToken) => client.SendAsync(SampleEmail.Create(), cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
