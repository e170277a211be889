using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace Hyperswitch.Email.Readme.Tests;

/// <summary>
/// Follows the README's Quick start, ASP.NET Core Identity and Queued delivery sections as a new user would: a fresh
/// <c>dotnet new web</c> app per section, the packages added by name from a local feed, every marked shell block run and
/// every marked file pasted as written, a build with warnings as errors, and the app run against an SMTP relay until
/// its email arrives.
/// </summary>
public sealed class ReadmeAsAUserTests(ReadmeFixture fixture) : IClassFixture<ReadmeFixture>
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(10);
    private static readonly ReadmeDocument Readme = ReadmeDocument.Load();

    [Fact]
    public async Task QuickStart_FollowedAsWritten_SendsTheVerificationEmailAndRefusesAMissingAddress()
    {
        await using var app = await FollowAndStartAsync("quickstart");

        using var missing = await app.Http.PostAsJsonAsync("/signup", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        using var invalid = await app.Http.PostAsJsonAsync("/signup", new { email = "jane.example.com" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);

        using var signup = await app.Http.PostAsJsonAsync("/signup", new { email = "quickstart@example.com" });
        Assert.Equal(HttpStatusCode.Accepted, signup.StatusCode);
        var arrived = await fixture.Relay.WaitForMessageAsync("Verify your email");
        Assert.Equal(["quickstart@example.com"], arrived.To);
        Assert.Single(await fixture.Relay.MessagesAsync(), m => m.Subject == "Verify your email");
    }

    [Fact]
    public async Task QueuedDelivery_FollowedAsWritten_AppliesTheMigrationAndDeliversTheQueuedEmail()
    {
        await using var app = await FollowAndStartAsync("queued");

        using var invalid = await app.Http.PostAsJsonAsync("/signup", new { email = "bob.example.com" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        using var signup = await app.Http.PostAsJsonAsync("/signup", new { email = "queued@example.com" });
        Assert.Equal(HttpStatusCode.Accepted, signup.StatusCode);

        var arrived = await fixture.Relay.WaitForMessageAsync("Welcome to Shop");
        Assert.Equal(["queued@example.com"], arrived.To);
    }

    [Fact]
    public async Task Identity_FollowedAsWritten_SendsIdentitysConfirmationEmail()
    {
        await using var app = await FollowAndStartAsync("identity");

        using var register = await app.Http.PostAsJsonAsync("/identity/register", new { email = "identity@example.com", password = "Passw0rd!" });
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);

        var arrived = await fixture.Relay.WaitForMessageAsync("Confirm your email");
        Assert.Equal(["identity@example.com"], arrived.To);
    }

    [Fact]
    public void Packages_DependOnTheExactVersionOfEachOther()
    {
        // A mismatched set (EntityFrameworkCore 0.1 with a newer core) must fail at restore, not with a
        // MissingMethodException at run time.
        var package = Assert.Single(Directory.GetFiles(fixture.Feed, "Hyperswitch.Email.EntityFrameworkCore.*.nupkg"));
        using var archive = System.IO.Compression.ZipFile.OpenRead(package);
        var nuspec = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var reader = new StreamReader(nuspec.Open());
        var dependencies = System.Xml.Linq.XDocument.Parse(reader.ReadToEnd()).Descendants()
            .Where(e => e.Name.LocalName == "dependency" && ((string?)e.Attribute("id"))?.StartsWith("Hyperswitch.Email", StringComparison.Ordinal) == true)
            .ToList();

        Assert.NotEmpty(dependencies);
        Assert.All(dependencies, d => Assert.Matches(@"^\[\d+\.\d+\.\d+[^,\]]*\]$", (string?)d.Attribute("version")));
    }

    [Fact]
    public void Sections_MarkTheirSetupFilesAndCommands()
    {
        foreach (var app in new[] { "quickstart", "queued", "identity" })
        {
            var steps = Readme.StepsOf(app);
            Assert.StartsWith("dotnet new web -o Shop\n", steps[0].Code, StringComparison.Ordinal);
            Assert.Contains(steps, step => step.Path == "Shop/Program.cs");
            Assert.Contains(steps, step => step.Path == "Shop/appsettings.json");
        }
    }

    /// <summary>Runs the README's steps for <paramref name="name"/> in a folder of its own, builds the app and starts it against the relay.</summary>
    private async Task<RunningApp> FollowAndStartAsync(string name)
    {
        var folder = Path.Combine(fixture.Root, "apps", name);
        Directory.CreateDirectory(folder);
        var steps = Readme.StepsOf(name);
        Assert.NotEmpty(steps);
        foreach (var step in steps)
        {
            if (step.Action == "file")
            {
                var path = Path.Combine(folder, step.Path!);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, step.Code);
            }
            else
            {
                Assert.Equal("sh", step.Language);
                await ChildProcess.RunAsync("bash", ["-euo", "pipefail", "-c", step.Code], folder, fixture.Environment, StepTimeout);
            }
        }

        var project = Path.Combine(folder, "Shop");
        await ChildProcess.RunAsync("dotnet", ["build", "-warnaserror", "--nologo"], project, fixture.Environment, StepTimeout);
        return await RunningApp.StartAsync(project, fixture);
    }

    /// <summary>The app under <c>dotnet run</c>, configured through the environment as the README says.</summary>
    private sealed class RunningApp : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly BoundedOutput _output = new();

        private RunningApp(Process process, Uri address)
        {
            _process = process;
            Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        }

        public HttpClient Http { get; }

        public static async Task<RunningApp> StartAsync(string project, ReadmeFixture fixture)
        {
            var port = FreePort.Next();
            var environment = new Dictionary<string, string?>(fixture.Environment)
            {
                // appsettings.json names smtp.example.com; the user points it at their relay, the password from the environment.
                ["Email__Smtp__Host"] = "localhost",
                ["Email__Smtp__Port"] = fixture.Relay.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Email__Smtp__Username"] = Smtp4dev.UserName,
                ["Email__Smtp__Password"] = Smtp4dev.Password,
                ["Email__Smtp__TrustedCertificateThumbprint"] = TestCertificates.Sha256(fixture.Relay.Certificate!),
            };
            var start = ChildProcess.StartInfo("dotnet", project, environment);
            foreach (var argument in new[] { "run", "--no-build", "--urls", $"http://127.0.0.1:{port}" })
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet run did not start.");
            var app = new RunningApp(process, new Uri($"http://127.0.0.1:{port}/"));
            process.OutputDataReceived += (_, e) => app._output.Keep(e.Data);
            process.ErrorDataReceived += (_, e) => app._output.Keep(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.StandardInput.Close();
            try
            {
                await app.WaitUntilListeningAsync(port);
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }

            return app;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await _process.WaitForExitAsync(wait.Token);
            }

            Assert.DoesNotContain(Smtp4dev.Password, _output.ToString(), StringComparison.Ordinal);
            _process.Dispose();
            Http.Dispose();
        }

        private async Task WaitUntilListeningAsync(int port)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                Assert.False(_process.HasExited, $"The app exited with {(_process.HasExited ? _process.ExitCode : 0)}:{Environment.NewLine}{_output}");
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"The app did not listen within 2 minutes:{Environment.NewLine}{_output}");
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, port);
                    return;
                }
                catch (SocketException)
                {
                    await Task.Delay(200);
                }
            }
        }
    }
}
