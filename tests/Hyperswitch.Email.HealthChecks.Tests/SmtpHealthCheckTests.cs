using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hyperswitch.Email.HealthChecks.Tests;

[Collection(Smtp4devCollectionDefinition.Name)]
public sealed class SmtpHealthCheckTests(Smtp4devFixture sinks)
{
    [Fact]
    public async Task Check_Smtp4devPlain_IsHealthyAndSendsNothing()
    {
        var sessionsBefore = await sinks.Plain.SessionCountAsync();
        var messagesBefore = (await sinks.Plain.MessagesAsync()).Count;

        var report = await CheckAsync(TestSmtpSettings.Plaintext(sinks.Plain.SmtpPort));

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal(messagesBefore, (await sinks.Plain.MessagesAsync()).Count);
        Assert.True(await Eventually.TrueAsync(async () => await sinks.Plain.SessionCountAsync() == sessionsBefore + 1), "smtp4dev did not record the session.");
    }

    [Fact]
    public async Task Check_Smtp4devStartTlsWithCredentials_IsHealthy()
    {
        var settings = TestSmtpSettings.StartTls(sinks.StartTls.SmtpPort);
        settings["Email:Smtp:TrustedCertificateThumbprint"] = TestCertificates.Sha256(sinks.StartTls.Certificate!);
        settings["Email:Smtp:Username"] = Smtp4dev.UserName;
        settings["Email:Smtp:Password"] = Smtp4dev.Password;

        var report = await CheckAsync(settings);

        Assert.Equal(HealthStatus.Healthy, report.Status);
    }

    [Fact]
    public async Task Check_RefusedPort_IsUnhealthyNamingTheStage()
    {
        var report = await CheckAsync(TestSmtpSettings.Plaintext(FreePort.Next()));

        var entry = report.Entries["smtp"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.StartsWith("Could not connect to the SMTP server 127.0.0.1:", entry.Description, StringComparison.Ordinal);
        Assert.Equal("Connect", entry.Data["failure"]);
        Assert.Equal(true, entry.Data["transient"]);
    }

    [Fact]
    public async Task Check_WrongPassword_IsUnhealthyWithoutThePassword()
    {
        const string wrong = "Wr0ng-Pa55-For-Health";
        var settings = TestSmtpSettings.StartTls(sinks.StartTls.SmtpPort);
        settings["Email:Smtp:TrustedCertificateThumbprint"] = TestCertificates.Sha256(sinks.StartTls.Certificate!);
        settings["Email:Smtp:Username"] = Smtp4dev.UserName;
        settings["Email:Smtp:Password"] = wrong;

        var report = await CheckAsync(settings, HealthStatus.Degraded);

        var entry = report.Entries["smtp"];
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal("Authentication", entry.Data["failure"]);
        Assert.Equal(535, entry.Data["smtpStatusCode"]);
        Assert.DoesNotContain(wrong, entry.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, entry.Exception!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AddSmtpEmail_OnHealthChecksBuilder_RegistersOneNamedCheck()
    {
        var services = new ServiceCollection();
        services.AddHealthChecks().AddSmtpEmail("mail", tags: ["ready"]);

        using var provider = services.BuildServiceProvider();
        var registration = Assert.Single(provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>().Value.Registrations);

        Assert.Equal("mail", registration.Name);
        Assert.Contains("ready", registration.Tags);
    }

    private static async Task<HealthReport> CheckAsync(Dictionary<string, string?> settings, HealthStatus? failureStatus = null)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSmtpEmail(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddHealthChecks().AddSmtpEmail(failureStatus: failureStatus);
        await using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
    }
}
