using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace Hyperswitch.Email.AmazonSes.Tests;

/// <summary>
/// A real aws-ses-v2-local (npm), installed with <c>npm ci</c> from the lock file beside the test binaries and started
/// on a free loopback port; what it received is read back through its own API (<c>GET /store</c>). Its
/// <c>GetAccount</c> answers <see cref="AccountJson"/>.
/// </summary>
public sealed class SesLocalServer : IAsyncDisposable
{
    /// <summary>What the server's GetAccount answers (its <c>AWS_SES_ACCOUNT</c>).</summary>
    public const string AccountJson = """
        {"DedicatedIpAutoWarmupEnabled":false,"Details":{"AdditionalContactEmailAddresses":[],"ContactLanguage":"EN","MailType":"TRANSACTIONAL","ReviewDetails":{"CaseId":"1","Status":"GRANTED"},"UseCaseDescription":"tests","WebsiteURL":"https://shop.example"},"EnforcementStatus":"HEALTHY","ProductionAccessEnabled":true,"SendingEnabled":true,"SendQuota":{"Max24HourSend":50000,"MaxSendRate":14,"SentLast24Hours":3},"SuppressionAttributes":{"SuppressedReasons":[]}}
        """;

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly BoundedOutput _output = new();

    private SesLocalServer(Process process, int port)
    {
        _process = process;
        Url = new Uri($"http://127.0.0.1:{port}/");
        Api = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Gets the server's base URL, what <c>Email:AwsSes:ServiceUrl</c> is set to.</summary>
    public Uri Url { get; }

    public HttpClient Api { get; }

    public string Output => _output.ToString();

    public static async Task<SesLocalServer> StartAsync()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "SesLocal");
        await InstallAsync(folder);

        var port = FreePort.Next();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine("node_modules", "aws-ses-v2-local", "dist", "cli.js"), "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AWS_SES_ACCOUNT"] = AccountJson;
        start.Environment.Remove("SMTP_TRANSPORT");
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var server = new SesLocalServer(process, port);
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

    /// <summary>Every email the server stored, oldest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> EmailsAsync()
    {
        using var store = await Api.GetFromJsonAsync<JsonDocument>("store");
        return store!.RootElement.GetProperty("emails").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    /// <summary>The one stored email whose subject is <paramref name="subject"/> (SendEmail answers after storing it).</summary>
    public async Task<JsonElement> EmailAsync(string subject)
    {
        var matches = (await EmailsAsync()).Where(e => e.GetProperty("subject").GetString() == subject).ToList();
        Assert.True(matches.Count == 1, $"{matches.Count} emails with subject '{subject}' are in aws-ses-v2-local's store.");
        return matches[0];
    }

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
    }

    /// <summary>
    /// <c>npm ci</c> into <paramref name="folder"/>, unless node_modules there was installed from this very lock file
    /// (a stamp holds its hash): a fresh machine installs, a warm one does not reinstall.
    /// </summary>
    private static async Task InstallAsync(string folder)
    {
        var lockFile = Path.Combine(folder, "package-lock.json");
        var hash = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(lockFile)));
        var stamp = Path.Combine(folder, "node_modules", ".hyperswitch-installed");
        if (File.Exists(stamp) && await File.ReadAllTextAsync(stamp) == hash
            && File.Exists(Path.Combine(folder, "node_modules", "aws-ses-v2-local", "dist", "cli.js")))
        {
            return;
        }

        var start = new ProcessStartInfo("npm")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" })
        {
            start.ArgumentList.Add(argument);
        }

        var output = new BoundedOutput();
        using var npm = Process.Start(start) ?? throw new InvalidOperationException("npm did not start: Node.js and npm must be installed.");
        npm.OutputDataReceived += (_, e) => output.Keep(e.Data);
        npm.ErrorDataReceived += (_, e) => output.Keep(e.Data);
        npm.BeginOutputReadLine();
        npm.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(InstallTimeout);
        try
        {
            await npm.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            npm.Kill(entireProcessTree: true);
            throw new TimeoutException($"npm ci of aws-ses-v2-local did not finish within {InstallTimeout.TotalMinutes} min:{Environment.NewLine}{output}");
        }

        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci of aws-ses-v2-local failed with exit code {npm.ExitCode}:{Environment.NewLine}{output}");
        }

        await File.WriteAllTextAsync(stamp, hash);
    }

    private async Task WaitUntilReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"aws-ses-v2-local exited with code {_process.ExitCode}:{Environment.NewLine}{Output}");
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"aws-ses-v2-local did not answer within {StartTimeout.TotalSeconds} s:{Environment.NewLine}{Output}");
            }

            try
            {
                using var response = await Api.GetAsync("health-check");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }
    }
}
