using System.Globalization;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Hyperswitch.Email.Benchmarks;
using Hyperswitch.Email.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MailKitSmtpClient = MailKit.Net.Smtp.SmtpClient;

namespace Hyperswitch.Email.MicroBenchmarks;

/// <summary>
/// One message on a fresh connection (connect, EHLO, MAIL, RCPT, DATA, QUIT) to a real sink, as the per-send default
/// does: raw MailKit on a <c>NoDelay</c> socket, the library's connection alone, and the library's public API.
/// Needs a sink: the port in <c>HYPERSWITCH_BENCH_SMTP_PORT</c> (benchmarks/run.sh starts smtp-sink and sets it).
/// </summary>
[MemoryDiagnoser]
public class ConnectionPathBenchmarks
{
    private int _port;
    private SmtpEndpoint _endpoint = null!;
    private ServiceProvider _provider = null!;
    private IEmailClient _client = null!;

    [GlobalSetup]
    public void Setup()
    {
        _port = SendPathBenchmarks.SinkPort();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Email:SenderEmail"] = SampleEmail.SenderAddress,
                ["Email:SenderName"] = SampleEmail.SenderName,
                ["Email:Smtp:Host"] = "127.0.0.1",
                ["Email:Smtp:Port"] = _port.ToString(CultureInfo.InvariantCulture),
                ["Email:Smtp:Connection"] = "plaintext",
            })
            .Build();
        _provider = new ServiceCollection().AddSmtpEmail(configuration).BuildServiceProvider();
        _client = _provider.GetRequiredService<IEmailClient>();
        _endpoint = new SmtpEndpoint(new SmtpOptions { Host = "127.0.0.1", Port = _port, Connection = SmtpConnectionMode.Plaintext });
    }

    [GlobalCleanup]
    public void Cleanup() => _provider.Dispose();

    [Benchmark(Baseline = true, Description = "raw MailKit per message, NoDelay: build + connect + send + QUIT")]
    public async Task RawMailKit()
    {
        using var message = SampleEmail.BuildWithMimeKit();
        using var client = new MailKitSmtpClient();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", _port);
        await client.ConnectAsync(socket, "127.0.0.1", _port, SecureSocketOptions.None);
        await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);
    }

    [Benchmark(Description = "library connection (SmtpConnection open, send, QUIT), MimeKit-built message")]
    public async Task LibraryConnection()
    {
        using var message = SampleEmail.BuildWithMimeKit();
        using var connection = await SmtpConnection.OpenAsync(_endpoint, CancellationToken.None);
        await connection.SendAsync(message, CancellationToken.None);
        await connection.QuitAsync(CancellationToken.None);
    }

    [Benchmark(Description = "library public API, per-send (IEmailClient.SendAsync)")]
    public Task LibraryPublicApi() => _client.SendAsync(SampleEmail.Create());
}
