using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Hyperswitch.Email.Smtp;

namespace Hyperswitch.Email.Tests.Smtp;

public sealed class SmtpServerSocketTests
{
    [Fact]
    public async Task ConnectSocketAsync_Always_TurnsNagleOff()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = new SmtpEndpoint(new SmtpOptions { Host = "127.0.0.1", Port = ((IPEndPoint)listener.LocalEndpoint).Port });

        using var socket = await SmtpConnection.ConnectSocketAsync(endpoint, CancellationToken.None);

        // Without NoDelay, every message stalls about 40 ms on Nagle's algorithm meeting delayed ACKs.
        Assert.True(socket.NoDelay);
        Assert.True(socket.Connected);
    }

    [Fact]
    public async Task SendAsync_ImplicitTlsHandshakeNeverAnswered_TimeoutEndsIt()
    {
        // A server that accepts and says nothing: MailKit's own timeout does not cover an implicit-TLS handshake.
        await using var server = new ScriptedSmtpServer();
        server.On(SmtpPhase.Greeting, SmtpAction.Stall);
        var settings = SmtpServerFaultTests.Settings(server, timeoutSeconds: 1);
        settings["Email:Smtp:Connection"] = "tls";
        settings["Email:Smtp:Host"] = "localhost";
        using var factory = EmailClientFactory.FromConfiguration(settings);
        var clock = Stopwatch.StartNew();

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>"));

        Assert.Equal(EmailSendFailure.Timeout, exception.Failure);
        Assert.True(exception.IsTransient);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"Took {clock.Elapsed} with a 1 s timeout.");
    }
}
