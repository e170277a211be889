using System.Globalization;
using Amazon.Runtime;
using Hyperswitch.Email.AmazonSes.Internal;
using Hyperswitch.Email.Configuration.Toml;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.AmazonSes.Tests.DependencyInjection;

/// <summary><c>services.AddEmail(configuration).AddAmazonSes()</c>, as an application registers it.</summary>
[Collection(SesLocalCollectionDefinition.Name)]
public sealed class AmazonSesEmailBuilderExtensionsTests(SesLocalFixture ses)
{
    [Fact]
    public async Task AddAmazonSes_HyperswitchTomlWithSesAndARole_SendsThroughTheSesApiWithTheRolesCredentials()
    {
        // Done means: a Hyperswitch configuration with active_email_client = "SES" and its aws_ses keys sends through
        // the SES v2 API with role-based credentials. AWS STS cannot run here: a scripted local STS endpoint stands in.
        await using var sts = await ScriptedHttpServer.StartAsync((context, _) => AssumeRoleAnswer(context));
        var path = Path.Combine(Directory.CreateTempSubdirectory("ses-app-").FullName, "production.toml");
        File.WriteAllText(path, $"""
            [email]
            sender_email = "noreply@shop.example"
            aws_region = "eu-west-1"
            allowed_unverified_days = 1
            active_email_client = "SES"
            recon_recipient_email = "recon@shop.example"
            prod_intent_recipient_email = "business@shop.example"

            [email.aws_ses]
            email_role_arn = "arn:aws:iam::123456789012:role/ses-sender"
            sts_role_session_name = "hyperswitch"
            service_url = "{ses.Server.Url}"
            sts_service_url = "{sts.Url}"
            """);
        var configuration = new ConfigurationBuilder().AddTomlFile(path).Build();
        var log = new RequestLog();
        var services = new ServiceCollection();
        services.AddEmail(configuration).AddAmazonSes();
        services.AddHttpClient(AmazonSesTransport.HttpClientName).AddHttpMessageHandler(log.CreateHandler);
        services.AddSingleton<AWSCredentials>(new BasicAWSCredentials(SesHost.AccessKeyId, SesHost.SecretAccessKey));
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        provider.GetRequiredService<IStartupValidator>().Validate();
        var subject = $"Hyperswitch SES {Guid.NewGuid():N}";

        await provider.GetRequiredService<IEmailClient>().SendAsync(new EmailMessage("jane@example.com", subject, "<p>Welcome</p>"));

        await ses.Server.EmailAsync(subject);
        Assert.Equal("SES", provider.GetRequiredService<PreparedEmailSender>().ProviderName);
        var request = Assert.Single(log.Requests);
        var (key, scope, valid) = Signatures.Check(request, "role-secret");
        Assert.Equal("ASIAROLEEXAMPLE", key);
        Assert.True(valid);
        Assert.EndsWith("/eu-west-1/ses/aws4_request", scope, StringComparison.Ordinal);
        Assert.Equal("role-token", request.Header("X-Amz-Security-Token"));
        Assert.Contains("RoleSessionName=hyperswitch", Assert.Single(sts.Requests).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AddAmazonSes_SesActiveWithoutRegion_FailsAtStartupNamingAwsRegion()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Email:SenderEmail"] = "noreply@shop.example",
            ["Email:ActiveEmailClient"] = "SES",
            ["Email:AwsSes:EmailRoleArn"] = "not-an-arn",
        };
        using var provider = Build(settings);

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(exception.Failures, f => f.StartsWith("Email:AwsRegion (Hyperswitch's email.aws_region) must be set", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, f => f.StartsWith("Email:AwsSes:EmailRoleArn (Hyperswitch's email.aws_ses.email_role_arn) 'not-an-arn' is not an IAM role ARN", StringComparison.Ordinal));
    }

    [Fact]
    public void AddAmazonSes_AnotherProviderSends_LeavesTheSesOptionsUnvalidated()
    {
        // Only the chosen provider's options are validated: a Hyperswitch file on SMTP may keep placeholder SES keys.
        var settings = new Dictionary<string, string?>
        {
            ["Email:SenderEmail"] = "noreply@shop.example",
            ["Email:ActiveEmailClient"] = "SMTP",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:AwsSes:EmailRoleArn"] = "placeholder",
        };
        using var provider = Build(settings);

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal("SMTP", provider.GetRequiredService<PreparedEmailSender>().ProviderName);
    }

    [Fact]
    public void AddAmazonSes_CalledTwice_RegistersTheProviderOnce()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(SesHost.Settings(ses.Server.Url)).Build();
        var services = new ServiceCollection();

        services.AddEmail(configuration).AddAmazonSes().AddAmazonSes();

        Assert.Single(services, d => d.ServiceType == typeof(AmazonSesTransport));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<AmazonSesOptions>));
        using var provider = services.BuildServiceProvider();
        Assert.Equal("SES", provider.GetRequiredService<PreparedEmailSender>().ProviderName);
    }

    [Fact]
    public async Task AddAmazonSes_WithCodeOptions_AppliesThemAfterTheConfiguration()
    {
        var settings = SesHost.Settings(new Uri("http://127.0.0.1:9/"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddEmail(configuration).AddAmazonSes(options => options.ServiceUrl = ses.Server.Url);
        services.AddSingleton<AWSCredentials>(new BasicAWSCredentials(SesHost.AccessKeyId, SesHost.SecretAccessKey));
        await using var provider = services.BuildServiceProvider();
        var subject = $"Code options {Guid.NewGuid():N}";

        await provider.GetRequiredService<IEmailClient>().SendAsync(new EmailMessage("jane@example.com", subject, "<p>Hi</p>"));

        await ses.Server.EmailAsync(subject);
    }

    [Fact]
    public async Task AddHealthChecksAddAmazonSes_SesLocal_ReportsHealthy()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(SesHost.Settings(ses.Server.Url)).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddEmail(configuration).AddAmazonSes();
        services.AddSingleton<AWSCredentials>(new BasicAWSCredentials(SesHost.AccessKeyId, SesHost.SecretAccessKey));
        services.AddHealthChecks().AddAmazonSes();
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Healthy, report.Entries["ses"].Status);
    }

    [Fact]
    public async Task AddHealthChecksAddAmazonSes_SesRefusesTheCredentials_ReportsUnhealthyWithTheCode()
    {
        await using var server = await ScriptedHttpServer.StartAsync(ScriptedHttpServer.Answer(403, "UnrecognizedClientException", """{"message":"The security token included in the request is invalid."}""", "req-health"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(SesHost.Settings(server.Url)).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddEmail(configuration).AddAmazonSes();
        services.AddSingleton<AWSCredentials>(new BasicAWSCredentials(SesHost.AccessKeyId, SesHost.SecretAccessKey));
        services.AddHealthChecks().AddAmazonSes(failureStatus: HealthStatus.Degraded);
        await using var provider = services.BuildServiceProvider();

        var entry = (await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["ses"];

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal("Authentication", entry.Data["failure"]);
        Assert.Equal("UnrecognizedClientException", entry.Data["providerErrorCode"]);
        Assert.Equal("req-health", entry.Data["requestId"]);
        Assert.Equal("GET", Assert.Single(server.Requests).Method);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddEmail(configuration).AddSmtp().AddAmazonSes();
        return services.BuildServiceProvider();
    }

    private static Task AssumeRoleAnswer(HttpContext context)
    {
        context.Response.ContentType = "text/xml";
        var expiration = (DateTime.UtcNow + TimeSpan.FromHours(1)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return context.Response.WriteAsync($"""
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <Credentials><AccessKeyId>ASIAROLEEXAMPLE</AccessKeyId><SecretAccessKey>role-secret</SecretAccessKey><SessionToken>role-token</SessionToken><Expiration>{expiration}</Expiration></Credentials>
                <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/ses-sender/hyperswitch</Arn><AssumedRoleId>AROA3XFRBF535PLBIFPI4:hyperswitch</AssumedRoleId></AssumedRoleUser>
              </AssumeRoleResult>
              <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
            </AssumeRoleResponse>
            """);
    }
}
