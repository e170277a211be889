using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Xunit.Abstractions;

namespace Hyperswitch.Email.Tests.Smtp;

/// <summary>
/// A certificate whose CRL distribution point accepts the connection and never answers: .NET would wait 15 s for
/// it inside the TLS handshake, deaf to cancellation. The download is bounded by <c>Timeout</c>.
/// </summary>
public sealed class SmtpServerRevocationTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("starttls")]
    [InlineData("tls")]
    public async Task SendAsync_CrlEndpointHangs_FailsTlsWithinTheBoundSayingWhy(string mode)
    {
        using var crl = new HangingEndpoint();
        var (leaf, issuer) = TestCertificates.CreateWithCrlDistributionPoint("localhost", new Uri($"http://127.0.0.1:{crl.Port}/test-ca.crl"));
        await using var server = new ScriptedSmtpServer
        {
            AdvertiseStartTls = mode == "starttls",
            ImplicitTls = mode == "tls",
            Certificate = leaf,
            CertificateChain = [issuer],
        };

        // .NET checks revocation only on a chain it trusts: the test CA is trusted for the duration of the test (in
        // the current user's root store, removed at the end), so the failure can only come from the CRL.
        using var trust = TrustedRoot.Add(issuer);
        using var factory = EmailClientFactory.FromConfiguration(Settings(server, mode));
        using var testDeadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>", testDeadline.Token));

        output.WriteLine($"{mode}: {exception.Failure} after {clock.ElapsedMilliseconds} ms ({crl.Accepted} CRL connections): {exception.Message}");
        Assert.Equal(EmailSendFailure.Tls, exception.Failure);
        Assert.Contains("its revocation could not be checked", exception.Message, StringComparison.Ordinal);
        Assert.True(crl.Accepted > 0, "The client never asked for the CRL: the test proves nothing.");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"Took {clock.Elapsed} with a 1 s timeout (.NET's own default is 15 s).");
        Assert.DoesNotContain(server.Commands, c => c.Line.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase));
    }

    private static Dictionary<string, string?> Settings(ScriptedSmtpServer server, string mode) => new()
    {
        ["Email:SenderEmail"] = "no-reply@shop.example",
        ["Email:Smtp:Host"] = "localhost",
        ["Email:Smtp:Port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:Timeout"] = "1",
        ["Email:Smtp:Connection"] = mode,
    };

    /// <summary>A certificate in the current user's root store until disposed.</summary>
    private sealed class TrustedRoot : IDisposable
    {
        private readonly X509Certificate2 _certificate;

        private TrustedRoot(X509Certificate2 certificate) => _certificate = certificate;

        public static TrustedRoot Add(X509Certificate2 certificate)
        {
            using var store = new X509Store(StoreName.Root, StoreLocation.CurrentUser);
            store.Open(OpenFlags.ReadWrite);
            store.Add(certificate);
            return new TrustedRoot(certificate);
        }

        public void Dispose()
        {
            using var store = new X509Store(StoreName.Root, StoreLocation.CurrentUser);
            store.Open(OpenFlags.ReadWrite);
            store.Remove(_certificate);
        }
    }

    /// <summary>A loopback port that accepts connections and never answers.</summary>
    private sealed class HangingEndpoint : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<Socket> _accepted = [];
        private readonly CancellationTokenSource _stop = new();
        private int _count;

        public HangingEndpoint()
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = AcceptAsync();
        }

        public int Port { get; }

        public int Accepted => Volatile.Read(ref _count);

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_accepted)
            {
                _accepted.ForEach(s => s.Dispose());
            }

            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var socket = await _listener.AcceptSocketAsync(_stop.Token);
                    Interlocked.Increment(ref _count);
                    lock (_accepted)
                    {
                        _accepted.Add(socket);
                    }
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }
    }
}
