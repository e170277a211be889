using System.Diagnostics;
using System.Text;
using Hyperswitch.Email.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Hyperswitch.Email.Tests.Smtp;

/// <summary>
/// Servers that attack the client: replies that drip a byte at a time, replies that never end, servers that echo
/// credentials and addresses, that demand authentication late or offer none that works. Each ends in a typed
/// failure within its bound, with nothing sent that should not be and no secret in any message or log.
/// </summary>
public sealed class SmtpServerHostileReplyTests(ITestOutputHelper output)
{
    private const string Password = "Corr3ct-H0rse";

    /// <summary>The test's own deadline: a send still running then has hung.</summary>
    private static readonly TimeSpan TestDeadline = TimeSpan.FromSeconds(30);

    public static TheoryData<SmtpPhase, bool> DripPhases() => new()
    {
        { SmtpPhase.Greeting, false },
        { SmtpPhase.Ehlo, false },
        { SmtpPhase.Auth, false },
        { SmtpPhase.MailFrom, false },
        { SmtpPhase.RcptTo, false },
        { SmtpPhase.Data, false },
        { SmtpPhase.EndOfData, false },
        { SmtpPhase.Greeting, true },
        { SmtpPhase.Ehlo, true },
        { SmtpPhase.Auth, true },
        { SmtpPhase.MailFrom, true },
        { SmtpPhase.RcptTo, true },
        { SmtpPhase.Data, true },
        { SmtpPhase.EndOfData, true },
    };

    [Theory]
    [MemberData(nameof(DripPhases))]
    public async Task SendAsync_ReplyDripsAByteAtATime_FailsWithTimeoutWellBeforeTheTestDeadline(SmtpPhase phase, bool endlessLines)
    {
        // A byte every 200 ms: MailKit's per-read timeout (1 s) never fires; only a bound on the whole reply can.
        var code = phase switch { SmtpPhase.Greeting => "220", SmtpPhase.Auth => "235", SmtpPhase.Data => "354", _ => "250" };
        await using var server = SmtpServerFaultTests.NewServer();
        server.On(phase, endlessLines
            ? SmtpAction.Drip(string.Empty, $"{code}-x\r\n", TimeSpan.FromMilliseconds(200))
            : SmtpAction.Drip($"{code} ", "x", TimeSpan.FromMilliseconds(200)));
        using var factory = EmailClientFactory.FromConfiguration(SmtpServerFaultTests.Settings(server, timeoutSeconds: 1, withCredentials: phase == SmtpPhase.Auth));
        using var testDeadline = new CancellationTokenSource(TestDeadline);
        var clock = Stopwatch.StartNew();

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>", testDeadline.Token));

        output.WriteLine($"{phase} ({(endlessLines ? "endless 250-x lines" : "one endless line")}, a byte every 200 ms, Timeout 1 s): {exception.Failure} after {clock.ElapsedMilliseconds} ms");
        Assert.Equal(EmailSendFailure.Timeout, exception.Failure);
        Assert.True(clock.Elapsed < TestDeadline / 2, $"Took {clock.Elapsed} with a 1 s timeout.");
        Assert.False(testDeadline.IsCancellationRequested);
        Assert.Equal(phase == SmtpPhase.EndOfData, exception.MayHaveBeenDelivered);
        Assert.Equal(phase != SmtpPhase.EndOfData, exception.IsTransient);
        Assert.Empty(server.Messages);
        Assert.Equal(phase is SmtpPhase.Data or SmtpPhase.EndOfData ? 1 : 0, server.DataCommandCount);
    }

    [Fact]
    public async Task SendAsync_PrimaryDripsAtMailFrom_FailsOverWithinTheBound()
    {
        await using var primary = SmtpServerFaultTests.NewServer();
        await using var failover = SmtpServerFaultTests.NewServer();
        primary.On(SmtpPhase.MailFrom, SmtpAction.Drip("250 ", "x", TimeSpan.FromMilliseconds(200)));
        var settings = SmtpServerFaultTests.Settings(primary, timeoutSeconds: 1);
        settings["Email:Smtp:Failover:Host"] = "127.0.0.1";
        settings["Email:Smtp:Failover:Port"] = failover.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Email:Smtp:Failover:Timeout"] = "5";
        settings["Email:Smtp:Failover:Connection"] = "plaintext";
        using var factory = EmailClientFactory.FromConfiguration(settings);
        using var testDeadline = new CancellationTokenSource(TestDeadline);

        await factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>", testDeadline.Token);

        Assert.Empty(primary.Messages);
        Assert.Single(failover.Messages);
        Assert.Contains(factory.Logs.Entries, e => e.EventId.Name == "EmailFailingOver" && e.Message.Contains("Timeout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendAsync_CallerCancelsDuringADrip_ThrowsOperationCanceled()
    {
        await using var server = SmtpServerFaultTests.NewServer();
        server.On(SmtpPhase.MailFrom, SmtpAction.Drip("250 ", "x", TimeSpan.FromMilliseconds(100)));
        using var factory = EmailClientFactory.FromConfiguration(SmtpServerFaultTests.Settings(server, timeoutSeconds: 60));
        using var caller = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>", caller.Token));

        Assert.Empty(server.Messages);
    }

    [Theory]
    [InlineData(SmtpPhase.MailFrom)]
    [InlineData(SmtpPhase.RcptTo)]
    public async Task SendAsync_AuthenticationRequiredLate_IsAnAuthenticationFailureAndLogged(SmtpPhase phase)
    {
        await using var server = SmtpServerFaultTests.NewServer();
        server.On(phase, SmtpAction.Reply(530, "5.7.0 Authentication required"));
        using var factory = EmailClientFactory.FromConfiguration(SmtpServerFaultTests.Settings(server));

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>"));

        Assert.Equal(EmailSendFailure.Authentication, exception.Failure);
        Assert.Equal(530, exception.SmtpStatusCode);
        Assert.False(exception.IsTransient);
        Assert.Contains("requires authentication", exception.Message, StringComparison.Ordinal);
        Assert.Contains("5.7.0", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.DataCommandCount);
        AssertNoMailKitType(exception);
        Assert.Contains(factory.Logs.Entries, e => e.EventId.Name == "EmailSendFailed" && e.Message.Contains("Authentication, SMTP status 530", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendAsync_FailureWithoutStatus_LogsStatusNone()
    {
        await using var server = SmtpServerFaultTests.NewServer();
        server.On(SmtpPhase.MailFrom, SmtpAction.Close);
        using var factory = EmailClientFactory.FromConfiguration(SmtpServerFaultTests.Settings(server));

        await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>"));

        var entry = Assert.Single(factory.Logs.Entries, e => e.EventId.Name == "EmailSendFailed");
        Assert.Contains("Protocol, SMTP status none, transient True", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(null)", factory.Logs.AllText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("X-UNKNOWN")]
    public async Task SendAsync_NoUsableAuthAfterStartTls_IsAnAuthenticationFailureSayingWhatWasOffered(string? offered)
    {
        await using var server = new ScriptedSmtpServer
        {
            AdvertiseStartTls = true,
            Certificate = TestCertificates.SelfSignedLocalhost(),
            AuthMechanisms = offered,
            Credentials = ("mailer", Password),
        };
        var settings = StartTlsSettings(server);
        settings["Email:Smtp:Username"] = "mailer";
        settings["Email:Smtp:Password"] = Password;
        using var factory = EmailClientFactory.FromConfiguration(settings);

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>"));

        Assert.Equal(EmailSendFailure.Authentication, exception.Failure);
        Assert.False(exception.IsTransient);
        Assert.Contains(offered is null ? "offers no AUTH mechanism (over TLS)" : "offers only the AUTH mechanisms X-UNKNOWN (over TLS)", exception.Message, StringComparison.Ordinal);
        Assert.Contains("SCRAM-SHA-256, SCRAM-SHA-1, PLAIN, LOGIN, CRAM-MD5", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Commands, c => c.Line.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase) || c.Line.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SendAsync_OAuth2WithoutXOAuth2OrOAuthBearer_IsAnAuthenticationFailure()
    {
        await using var server = new ScriptedSmtpServer
        {
            AdvertiseStartTls = true,
            Certificate = TestCertificates.SelfSignedLocalhost(),
            AuthMechanisms = "PLAIN LOGIN",
        };
        var settings = StartTlsSettings(server);
        settings["Email:Smtp:Authentication"] = "OAuth2";
        settings["Email:Smtp:Username"] = "mailer@shop.example";
        using var provider = BuildWithToken(settings, "ya29.token-that-must-not-leak");

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => provider.GetRequiredService<IEmailClient>().SendEmailAsync("jane@example.com", "Hi", "<p/>"));

        Assert.Equal(EmailSendFailure.Authentication, exception.Failure);
        Assert.Contains("offers only the AUTH mechanisms LOGIN, PLAIN (over TLS)", exception.Message, StringComparison.Ordinal);
        Assert.Contains("XOAUTH2, OAUTHBEARER", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Commands, c => c.Line.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("SCRAM-SHA-256")]
    [InlineData("SCRAM-SHA-1")]
    public async Task SendAsync_ScramAsksForBillionsOfIterations_IsRefusedAtOnce(string mechanism)
    {
        // MailKit computes PBKDF2 synchronously, deaf to every timeout: 2^31 iterations would take hours.
        await using var server = SmtpServerFaultTests.NewServer();
        var settings = SmtpServerFaultTests.Settings(server, withCredentials: true);
        server.AuthMechanisms = mechanism;
        server.ScramIterations = int.MaxValue;
        using var factory = EmailClientFactory.FromConfiguration(settings);
        using var testDeadline = new CancellationTokenSource(TestDeadline);
        var clock = Stopwatch.StartNew();

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>", testDeadline.Token));

        Assert.Equal(EmailSendFailure.Authentication, exception.Failure);
        Assert.False(exception.IsTransient);
        Assert.Contains($"asked {mechanism} for 2,147,483,647 iterations, over the 600,000 this client computes", exception.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TestDeadline / 2, $"Took {clock.Elapsed}.");
        Assert.DoesNotContain(server.Commands, c => c.Line.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SendAsync_ScramWithUsualIterations_IsComputed()
    {
        await using var server = SmtpServerFaultTests.NewServer();
        var settings = SmtpServerFaultTests.Settings(server, withCredentials: true);
        server.AuthMechanisms = "SCRAM-SHA-256";
        using var factory = EmailClientFactory.FromConfiguration(settings);

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>"));

        // The scripted server never accepts the proof: a 535 shows the client computed and sent it.
        Assert.Equal(535, exception.SmtpStatusCode);
        Assert.Contains(server.Commands, c => Decoded(c.Line).Contains(",p=", StringComparison.Ordinal));

        static string Decoded(string line)
        {
            var bytes = new byte[line.Length];
            return Convert.TryFromBase64String(line, bytes, out var written) ? Encoding.UTF8.GetString(bytes, 0, written) : string.Empty;
        }
    }

    public static TheoryData<string, string> PasswordEchoes()
    {
        var plain = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0mailer\0{Password}"));
        var login = Convert.ToBase64String(Encoding.UTF8.GetBytes(Password));
        return new TheoryData<string, string>
        {
            { "PLAIN", $"5.7.8 Authentication failed for AUTH PLAIN {plain}" },
            { "LOGIN", $"5.7.8 Bad password {login}" },
            { "PLAIN", $"5.7.8 The password {Password} is wrong for mailer" },
        };
    }

    [Theory]
    [MemberData(nameof(PasswordEchoes))]
    public async Task SendAsync_ServerEchoesTheCredentials_NeitherMessagesNorLogsCarryThem(string mechanism, string reply)
    {
        await using var server = SmtpServerFaultTests.NewServer();
        var settings = SmtpServerFaultTests.Settings(server, withCredentials: true);
        server.AuthMechanisms = mechanism;
        server.On(SmtpPhase.Auth, SmtpAction.Reply(535, reply));
        using var factory = EmailClientFactory.FromConfiguration(settings);

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>"));

        Assert.Equal(EmailSendFailure.Authentication, exception.Failure);
        Assert.Equal(535, exception.SmtpStatusCode);
        Assert.Contains("535", exception.Message, StringComparison.Ordinal);
        Assert.Contains("5.7.8", exception.Message, StringComparison.Ordinal);
        AssertNoMailKitType(exception);
        foreach (var secret in Secrets(reply))
        {
            Assert.DoesNotContain(secret, exception.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, factory.Logs.AllText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SendAsync_ServerEchoesTheOAuth2Token_NeitherMessagesNorLogsCarryIt()
    {
        const string token = "ya29.a0AfH6SMBx-secret-token-42";
        var echoed = Convert.ToBase64String(Encoding.UTF8.GetBytes($"user=mailer@shop.example\u0001auth=Bearer {token}\u0001\u0001"));
        await using var server = new ScriptedSmtpServer
        {
            AdvertiseStartTls = true,
            Certificate = TestCertificates.SelfSignedLocalhost(),
            AuthMechanisms = "XOAUTH2",
            Credentials = ("mailer@shop.example", "unused"),
            AcceptedAccessToken = "another-token",
        };
        server.On(SmtpPhase.Auth, SmtpAction.Reply(535, $"5.7.8 Token {token} refused ({echoed})"));
        var settings = StartTlsSettings(server);
        settings["Email:Smtp:Authentication"] = "OAuth2";
        settings["Email:Smtp:Username"] = "mailer@shop.example";
        var logs = new CapturingLoggerProvider();
        using var provider = BuildWithToken(settings, token, logs);

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => provider.GetRequiredService<IEmailClient>().SendEmailAsync("jane@example.com", "Hi", "<p/>"));

        Assert.Equal(EmailSendFailure.Authentication, exception.Failure);
        Assert.Contains("5.7.8", exception.Message, StringComparison.Ordinal);
        foreach (var secret in new[] { token, echoed, "secret-token" })
        {
            Assert.DoesNotContain(secret, exception.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, logs.AllText, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(SmtpPhase.RcptTo, 550, "5.1.1 <jane.doe@example.com>: Recipient address rejected: User unknown")]
    [InlineData(SmtpPhase.MailFrom, 553, "5.7.1 Sender no-reply@shop.example not allowed to send as no-reply@shop.example")]
    [InlineData(SmtpPhase.EndOfData, 554, "5.7.1 Message from no-reply@shop.example to jane.doe@example.com refused")]
    public async Task SendAsync_ServerQuotesAddresses_MessagesAndLogsMaskThem(SmtpPhase phase, int code, string reply)
    {
        await using var server = SmtpServerFaultTests.NewServer();
        server.On(phase, SmtpAction.Reply(code, reply));
        var settings = SmtpServerFaultTests.Settings(server);
        settings["Email:Smtp:Retry:MaxRetries"] = "0";
        using var factory = EmailClientFactory.FromConfiguration(settings);

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane.doe@example.com", "Hi", "<p/>"));

        Assert.Equal(code, exception.SmtpStatusCode);
        Assert.Contains(reply[..5], exception.Message, StringComparison.Ordinal);
        foreach (var address in new[] { "jane.doe@example.com", "no-reply@shop.example" })
        {
            Assert.DoesNotContain(address, exception.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(address, factory.Logs.AllText, StringComparison.Ordinal);
        }

        Assert.Contains(phase == SmtpPhase.MailFrom ? "n***@shop.example" : "j***@example.com", exception.Message, StringComparison.Ordinal);
        AssertNoMailKitType(exception);
    }

    [Fact]
    public async Task SendAsync_EchoingServerWithRetriesAndFailover_NoLogCarriesTheEcho()
    {
        await using var primary = SmtpServerFaultTests.NewServer();
        await using var failover = SmtpServerFaultTests.NewServer();
        primary.On(SmtpPhase.RcptTo, SmtpAction.Reply(451, "4.3.0 <jane.doe@example.com> try later, token dGhpc0lzQVNlY3JldFRva2VuMTIz"));
        failover.On(SmtpPhase.RcptTo, SmtpAction.Reply(451, "4.3.0 <jane.doe@example.com> try later"));
        var settings = SmtpServerFaultTests.Settings(primary);
        settings["Email:Smtp:Retry:MaxRetries"] = "1";
        settings["Email:Smtp:Retry:BaseDelay"] = "00:00:00.010";
        settings["Email:Smtp:Failover:Host"] = "127.0.0.1";
        settings["Email:Smtp:Failover:Port"] = failover.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Email:Smtp:Failover:Connection"] = "plaintext";
        using var factory = EmailClientFactory.FromConfiguration(settings);

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane.doe@example.com", "Hi", "<p/>"));

        Assert.Contains(factory.Logs.Entries, e => e.EventId.Name == "EmailSendRetrying");
        Assert.Contains(factory.Logs.Entries, e => e.EventId.Name == "EmailFailingOver");
        Assert.DoesNotContain("jane.doe@example.com", factory.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("dGhpc0lzQVNlY3JldFRva2VuMTIz", factory.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe@example.com", exception.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Neither the exception nor any inner one is a MailKit or MimeKit type.</summary>
    internal static void AssertNoMailKitType(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            var assembly = current.GetType().Assembly;
            Assert.NotEqual(typeof(MailKit.ProtocolException).Assembly, assembly);
            Assert.NotEqual(typeof(MimeKit.ParseException).Assembly, assembly);
        }
    }

    /// <summary>The secret parts of an echoing reply: every word that is not the status or ordinary text.</summary>
    private static IEnumerable<string> Secrets(string reply) =>
        reply.Split(' ').Where(word => word.Contains(Password, StringComparison.Ordinal) || (word.Length >= 12 && word.Any(char.IsDigit) && !word.Contains('.', StringComparison.Ordinal)));

    private static Dictionary<string, string?> StartTlsSettings(ScriptedSmtpServer server) => new()
    {
        ["Email:SenderEmail"] = "no-reply@shop.example",
        ["Email:Smtp:Host"] = "localhost",
        ["Email:Smtp:Port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:Timeout"] = "5",
        ["Email:Smtp:Connection"] = "starttls",
        ["Email:Smtp:TrustedCertificateThumbprint"] = TestCertificates.Sha256(server.Certificate!),
    };

    private static ServiceProvider BuildWithToken(Dictionary<string, string?> settings, string token, CapturingLoggerProvider? logs = null)
    {
        var services = new ServiceCollection()
            .AddLogging(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs ?? new CapturingLoggerProvider()))
            .AddSmtpEmail(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddSingleton<ISmtpAccessTokenSource>(new FixedToken(token));
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        return provider;
    }

    private sealed class FixedToken(string token) : ISmtpAccessTokenSource
    {
        public Task<string> GetAccessTokenAsync(CancellationToken cancellationToken = default) => Task.FromResult(token);
    }
}
