using System.Globalization;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Hyperswitch.Email.Benchmarks;
using Hyperswitch.Email.Internal;
using Hyperswitch.Email.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MailKitSmtpClient = MailKit.Net.Smtp.SmtpClient;

namespace Hyperswitch.Email.MicroBenchmarks;

/// <summary>
/// Where the time of one send goes, on a connection already open to a real sink (plaintext, loopback): raw MailKit,
/// then the library's pieces added one at a time. Not a micro-benchmark of our code alone (the sink's round trips are
/// in every operation), but the differences between the rows are the library's per-message cost.
/// Needs a sink: the port in <c>HYPERSWITCH_BENCH_SMTP_PORT</c> (benchmarks/run.sh starts smtp-sink and sets it).
/// </summary>
[MemoryDiagnoser]
public class SendPathBenchmarks
{
    public const string PortVariable = "HYPERSWITCH_BENCH_SMTP_PORT";

    private MailKitSmtpClient _raw = null!;
    private MailKitSmtpClient _rawTracked = null!;
    private SmtpConnection _connection = null!;
    private MessageComposer _composer = null!;
    private ServiceProvider _provider = null!;
    private IEmailClient _pooled = null!;

    /// <summary>The port of the sink on 127.0.0.1, from <see cref="PortVariable"/>.</summary>
    public static int SinkPort() => int.Parse(
        Environment.GetEnvironmentVariable(PortVariable) ?? throw new InvalidOperationException($"Set {PortVariable} to the port of an SMTP sink on 127.0.0.1."),
        CultureInfo.InvariantCulture);

    [GlobalSetup]
    public void Setup()
    {
        var port = SinkPort();
        _raw = Connect(new MailKitSmtpClient(), port);
        _rawTracked = Connect(new MailKitSmtpClient(new SmtpStageTracker()), port);
        var options = new EmailOptions
        {
            SenderEmail = SampleEmail.SenderAddress,
            SenderName = SampleEmail.SenderName,
        };
        var smtp = new SmtpOptions { Host = "127.0.0.1", Port = port, Connection = SmtpConnectionMode.Plaintext };
        _composer = new MessageComposer(options);
        _connection = SmtpConnection.OpenAsync(new SmtpEndpoint(smtp), CancellationToken.None).GetAwaiter().GetResult();

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Email:SenderEmail"] = SampleEmail.SenderAddress,
                ["Email:SenderName"] = SampleEmail.SenderName,
                ["Email:Smtp:Host"] = "127.0.0.1",
                ["Email:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
                ["Email:Smtp:Connection"] = "plaintext",
                ["Email:Smtp:Pooling:Enabled"] = "true",
                ["Email:Smtp:Pooling:MaxConnections"] = "1",
                ["Email:Smtp:Pooling:MaxMessagesPerConnection"] = "10000",
                ["Email:Smtp:Pooling:IdleTimeout"] = "00:00:05",
            })
            .Build();
        _provider = new ServiceCollection().AddSmtpEmail(configuration).BuildServiceProvider();
        _pooled = _provider.GetRequiredService<IEmailClient>();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Disconnect(quit: true);
        _raw.Dispose();
        _rawTracked.Disconnect(quit: true);
        _rawTracked.Dispose();
        _connection.QuitAsync(CancellationToken.None).GetAwaiter().GetResult();
        _connection.Dispose();
        _provider.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw MailKit: build with MimeKit + SendAsync")]
    public async Task RawMailKit()
    {
        using var message = SampleEmail.BuildWithMimeKit();
        await _raw.SendAsync(message);
    }

    [Benchmark(Description = "raw MailKit + the library's stage tracker (protocol logger)")]
    public async Task RawMailKitWithStageTracker()
    {
        using var message = SampleEmail.BuildWithMimeKit();
        await _rawTracked.SendAsync(message);
    }

    [Benchmark(Description = "library connection (tracker, checks, error mapping), MimeKit-built message")]
    public async Task LibraryConnection()
    {
        using var message = SampleEmail.BuildWithMimeKit();
        await _connection.SendAsync(message, CancellationToken.None);
    }

    [Benchmark(Description = "library connection + library-built message (text derived from HTML)")]
    public async Task LibraryConnectionAndCompose()
    {
        using var message = _composer.Compose(SampleEmail.Create());
        await _connection.SendAsync(message, CancellationToken.None);
    }

    [Benchmark(Description = "library connection + library-built message with TextBody given")]
    public async Task LibraryConnectionAndComposeWithText()
    {
        var email = SampleEmail.Create();
        email.TextBody = SampleEmail.Text;
        using var message = _composer.Compose(email);
        await _connection.SendAsync(message, CancellationToken.None);
    }

    [Benchmark(Description = "library public API, pooled (IEmailClient.SendAsync, one pooled connection)")]
    public Task LibraryPublicApiPooled() => _pooled.SendAsync(SampleEmail.Create());

    private static MailKitSmtpClient Connect(MailKitSmtpClient client, int port)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect("127.0.0.1", port);
        client.Connect(socket, "127.0.0.1", port, SecureSocketOptions.None);
        return client;
    }
}
