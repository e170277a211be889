using System.Diagnostics;
using System.Net;
using System.Net.Sockets;


namespace Hyperswitch.Email.Tests.Smtp;

/// <summary>Connection failures against real sockets on loopback: nothing listening, and a server that accepts but never answers.</summary>
public sealed class SmtpServerConnectionTests
{
    [Fact]
    public async Task SendAsync_ConnectionRefused_FailsTransientWithoutStatusCode()
    {
        var port = FreePort.Next();
        using var factory = EmailClientFactory.FromConfiguration(EmailClientFactory.Plaintext(port));

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>"));

        Assert.Equal(EmailSendFailure.Connect, exception.Failure);
        Assert.True(exception.IsTransient);
        Assert.Null(exception.SmtpStatusCode);
        Assert.StartsWith($"Could not connect to the SMTP server 127.0.0.1:{port}: ", exception.Message, StringComparison.Ordinal);
        Assert.IsType<SocketException>(exception.InnerException);
    }

    [Fact]
    public async Task SendAsync_ServerNeverGreets_TimeoutEndsTheSend()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var factory = EmailClientFactory.FromConfiguration(EmailClientFactory.Plaintext(port, timeoutSeconds: 1));
        var clock = Stopwatch.StartNew();

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>"));

        Assert.Equal(EmailSendFailure.Timeout, exception.Failure);
        Assert.True(exception.IsTransient);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"The send took {clock.Elapsed}.");
    }

    [Fact]
    public async Task SendAsync_CanceledWhileServerStalls_ThrowsOperationCanceled()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var factory = EmailClientFactory.FromConfiguration(EmailClientFactory.Plaintext(port, timeoutSeconds: 60));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        // Cancellation is the caller's decision, not an email failure: it must not be wrapped in an EmailException.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>", cancellation.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"Cancellation took {clock.Elapsed}; the timeout is 60 s.");
    }

    [Fact]
    public async Task SendAsync_AlreadyCanceled_ThrowsBeforeConnecting()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var factory = EmailClientFactory.FromConfiguration(EmailClientFactory.Plaintext(port));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>", new CancellationToken(canceled: true)));

        Assert.False(listener.Pending());
    }
}
