using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hyperswitch.Email.TestSupport;

/// <summary>
/// A real smtp4dev process from the repository's tool manifest, on free loopback ports with an in-memory database,
/// read back through its REST API. Started by fixtures, stopped when they are disposed.
/// </summary>
public sealed class Smtp4dev : IAsyncDisposable
{
    public const string UserName = "mailer";
    public const string Password = "Corr3ct-H0rse";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly Process _process;
    private readonly BoundedOutput _output = new();
    private readonly string _dataDirectory;

    private Smtp4dev(Process process, string dataDirectory, int smtpPort, int webPort, string tlsMode, int? imapPort = null)
    {
        ImapPort = imapPort;
        _process = process;
        _dataDirectory = dataDirectory;
        SmtpPort = smtpPort;
        TlsMode = tlsMode;
        Api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int SmtpPort { get; }

    /// <summary>The IMAP port, when started with <c>imap: true</c> (log in as <see cref="UserName"/>).</summary>
    public int? ImapPort { get; }

    public string TlsMode { get; }

    public HttpClient Api { get; }

    /// <summary>The self-signed certificate smtp4dev generated for <c>localhost</c> (StartTls mode only).</summary>
    public X509Certificate2? Certificate { get; private set; }

    /// <summary>Starts smtp4dev and waits until both its SMTP port and its API answer.</summary>
    /// <param name="tlsMode"><c>None</c>, <c>StartTls</c> or <c>ImplicitTls</c>.</param>
    /// <param name="imap">Also serve the messages over IMAP, on a free port (<see cref="ImapPort"/>).</param>
    public static async Task<Smtp4dev> StartAsync(string tlsMode, bool imap = false)
    {
        var smtpPort = FreePort.Next();
        int? imapPort = imap ? FreePort.Next() : null;
        var webPort = FreePort.Next();
        var dataDirectory = Directory.CreateTempSubdirectory("smtp4dev-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "tool", "run", "smtp4dev", "--",
            $"--urls=http://127.0.0.1:{webPort}",
            $"--smtpport={smtpPort}",
            "--bindaddress=127.0.0.1",
            imapPort is { } port ? $"--imapport={port}" : "--imapport=",
            "--pop3port=",
            "--db=",
            "--nousersettings",
            $"--baseappdatapath={dataDirectory}",
            "--hostname=localhost",
            $"--tlsmode={tlsMode}",
            // AUTH is optional, but when a client tries it the password is checked.
            $"--user={UserName}={Password}",
            "--smtpallowanycredentials-",
            "--messagestokeep=100000",
            "--sessionstokeep=100000",
            "--relaysmtpserver=",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var server = new Smtp4dev(process, dataDirectory, smtpPort, webPort, tlsMode, imapPort);
        process.OutputDataReceived += (_, e) => server._output.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server._output.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Trusts exactly smtp4dev's certificate, compared by SHA-256 thumbprint: what a private relay's users would do.</summary>
    public bool TrustsOnlyThisCertificate(object sender, X509Certificate? certificate, X509Chain? chain, System.Net.Security.SslPolicyErrors errors) =>
        certificate is not null && Certificate is not null
        && certificate.GetCertHashString(HashAlgorithmName.SHA256) == Certificate.GetCertHashString(HashAlgorithmName.SHA256);

    public async Task<IReadOnlyList<MessageSummary>> MessagesAsync(CancellationToken cancellationToken = default)
    {
        var page = await Api.GetFromJsonAsync<Page<MessageSummary>>("api/messages?pageSize=100000", Json, cancellationToken);
        return page!.Results;
    }

    public async Task<int> SessionCountAsync(CancellationToken cancellationToken = default)
    {
        var page = await Api.GetFromJsonAsync<Page<JsonElement>>("api/sessions?pageSize=1", Json, cancellationToken);
        return page!.RowCount;
    }

    /// <summary>Waits (polling the API, up to 10 s) for the message whose subject is <paramref name="subject"/>.</summary>
    public async Task<MessageSummary> WaitForMessageAsync(string subject)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var match = (await MessagesAsync()).Where(m => m.Subject == subject).ToList();
            if (match.Count == 1)
            {
                return match[0];
            }

            Assert.True(match.Count == 0, $"{match.Count} messages with subject '{subject}' arrived.");
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), $"No message with subject '{subject}' arrived at smtp4dev.");
            await Task.Delay(50);
        }
    }

    public async Task<bool> HasMessageAsync(string subject) => (await MessagesAsync()).Any(m => m.Subject == subject);

    public async Task<MessageDetails> DetailsAsync(string id) => (await Api.GetFromJsonAsync<MessageDetails>($"api/messages/{id}", Json))!;

    public Task<string> RawAsync(string id) => Api.GetStringAsync($"api/messages/{id}/raw");

    public Task<string> HtmlAsync(string id) => Api.GetStringAsync($"api/messages/{id}/html");

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await _process.WaitForExitAsync(wait.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        Api.Dispose();
        Certificate?.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public string Output => _output.ToString();


    private async Task WaitUntilReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"smtp4dev exited with code {_process.ExitCode}:{Environment.NewLine}{Output}");
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"smtp4dev did not answer within {StartTimeout.TotalSeconds} s:{Environment.NewLine}{Output}");
            }

            if (await AnswersAsync())
            {
                var certificate = Path.Combine(_dataDirectory, "selfsigned-certificate.cer");
                if (TlsMode != "None" && File.Exists(certificate))
                {
                    Certificate = X509CertificateLoader.LoadCertificateFromFile(certificate);
                }

                return;
            }

            await Task.Delay(200);
        }
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var probe = new TcpClient();
            await probe.ConnectAsync("127.0.0.1", SmtpPort);
            if (ImapPort is { } imap)
            {
                using var imapProbe = new TcpClient();
                await imapProbe.ConnectAsync("127.0.0.1", imap);
            }

            using var response = await Api.GetAsync("api/messages?pageSize=1");
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is SocketException or HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record Page<T>(List<T> Results, int RowCount);

    public sealed record MessageSummary(string Id, string From, List<string> To, string Subject, string DeliveredTo);

    public sealed record MessageDetails(
        string Id,
        string From,
        List<string> To,
        List<string> Cc,
        List<string> Bcc,
        List<string> DeliveredTo,
        string Subject,
        bool SecureConnection,
        List<Header> Headers,
        List<Part> Parts)
    {
        public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;
    }

    public sealed record Header(string Name, string Value);

    public sealed record Part(string Id, List<Header> Headers, List<Part> ChildParts, [property: JsonPropertyName("name")] string Name);
}
