using Hyperswitch.Email.AmazonSes.Internal;
using Hyperswitch.Email.Configuration.Toml;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.AmazonSes.Tests;

/// <summary>Hyperswitch's keys bind unchanged (TOML and JSON), and validation names the key.</summary>
public sealed class AmazonSesOptionsTests
{
    [Fact]
    public void Bind_HyperswitchToml_ReadsAwsRegionAndTheAwsSesTable()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ses-toml-").FullName, "production.toml");
        File.WriteAllText(path, """
            [email]
            sender_email = "noreply@shop.example"
            aws_region = "eu-west-1"
            allowed_unverified_days = 1
            active_email_client = "SES"
            recon_recipient_email = "recon@shop.example"
            prod_intent_recipient_email = "business@shop.example"

            [email.aws_ses]
            email_role_arn = "arn:aws:iam::123456789012:role/ses-sender"
            sts_role_session_name = "hyperswitch-email"
            """);
        var configuration = new ConfigurationBuilder().AddTomlFile(path).Build();
        using var provider = Services(configuration);

        var ses = provider.GetRequiredService<IOptions<AmazonSesOptions>>().Value;

        Assert.Equal("arn:aws:iam::123456789012:role/ses-sender", ses.EmailRoleArn);
        Assert.Equal("hyperswitch-email", ses.StsRoleSessionName);
        var settings = SesSettings.From(ses, provider.GetRequiredService<IOptions<EmailOptions>>().Value);
        Assert.Equal("eu-west-1", settings.Region);
        Assert.Equal(new Uri("https://email.eu-west-1.amazonaws.com/"), settings.Endpoint);
        Assert.Equal(new Uri("https://email.eu-west-1.amazonaws.com/v2/email/outbound-emails"), settings.Api("v2/email/outbound-emails"));
    }

    [Fact]
    public void Bind_HyperswitchDevelopmentTomlWithEmptyRole_UsesTheChainsCredentials()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ses-toml-").FullName, "development.toml");
        File.WriteAllText(path, """
            [email]
            sender_email = "noreply@shop.example"
            aws_region = "us-east-1"
            active_email_client = "SES"

            [email.aws_ses]
            email_role_arn = ""
            sts_role_session_name = ""
            """);
        using var provider = Services(new ConfigurationBuilder().AddTomlFile(path).Build());

        var settings = SesSettings.From(provider.GetRequiredService<IOptions<AmazonSesOptions>>().Value, provider.GetRequiredService<IOptions<EmailOptions>>().Value);

        Assert.Null(settings.RoleArn);
        Assert.Null(settings.RoleSessionName);
    }

    [Fact]
    public void Bind_JsonAwsSesKeys_BindLikeToml()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ses-json-").FullName, "appsettings.json");
        File.WriteAllText(path, """
            { "Email": { "SenderEmail": "noreply@shop.example", "AwsRegion": "ap-southeast-2", "ActiveEmailClient": "SES",
                         "AwsSes": { "EmailRoleArn": "arn:aws-cn:iam::123456789012:role/path/ses-sender", "StsRoleSessionName": "app@prod",
                                     "ServiceUrl": "https://vpce-1.email.ap-southeast-2.vpce.amazonaws.com/", "Timeout": 45 } } }
            """);
        using var provider = Services(new ConfigurationBuilder().AddJsonFile(path).Build());

        var ses = provider.GetRequiredService<IOptions<AmazonSesOptions>>().Value;

        Assert.Equal("arn:aws-cn:iam::123456789012:role/path/ses-sender", ses.EmailRoleArn);
        Assert.Equal("app@prod", ses.StsRoleSessionName);
        Assert.Equal(new Uri("https://vpce-1.email.ap-southeast-2.vpce.amazonaws.com/"), ses.ServiceUrl);
        Assert.Equal(45, ses.Timeout);
    }

    [Theory]
    [InlineData("Email:AwsSes:EmailRoleArn", "ses-sender", "Email:AwsSes:EmailRoleArn (Hyperswitch's email.aws_ses.email_role_arn) 'ses-sender' is not an IAM role ARN")]
    [InlineData("Email:AwsSes:EmailRoleArn", "arn:aws:iam::123456789012:user/app", "is not an IAM role ARN")]
    [InlineData("Email:AwsSes:StsRoleSessionName", "has space", "Email:AwsSes:StsRoleSessionName (Hyperswitch's email.aws_ses.sts_role_session_name) 'has space' must be 2 to 64")]
    [InlineData("Email:AwsSes:ServiceUrl", "ftp://ses.local/", "Email:AwsSes:ServiceUrl must be an absolute http:// or https:// URL")]
    [InlineData("Email:AwsSes:StsServiceUrl", "https://sts.local/?x=1", "Email:AwsSes:StsServiceUrl must be an absolute http:// or https:// URL")]
    [InlineData("Email:AwsSes:Timeout", "0", "Email:AwsSes:Timeout must be from 1 to 3600 seconds")]
    public void Validate_BadValue_NamesTheKey(string key, string value, string message)
    {
        var settings = Valid();
        settings[key] = value;
        using var provider = Services(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AmazonSesOptions>>().Value);

        Assert.Contains(exception.Failures, failure => failure.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RoleWithoutSessionName_AsksForStsRoleSessionName()
    {
        var settings = Valid();
        settings.Remove("Email:AwsSes:StsRoleSessionName");
        using var provider = Services(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AmazonSesOptions>>().Value);

        Assert.Contains("Email:AwsSes:StsRoleSessionName (Hyperswitch's email.aws_ses.sts_role_session_name) must be set when Email:AwsSes:EmailRoleArn is", Assert.Single(exception.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_MisspeltAwsSesKey_FailsNamingIt()
    {
        var settings = Valid();
        settings["Email:AwsSes:EmailRoleArm"] = "arn:aws:iam::123456789012:role/ses-sender";
        using var provider = Services(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        var exception = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptions<AmazonSesOptions>>().Value);

        Assert.Contains("EmailRoleArm", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "Email:AwsRegion (Hyperswitch's email.aws_region) must be set")]
    [InlineData("Europe", "Email:AwsRegion (Hyperswitch's email.aws_region) 'Europe' is not an AWS region")]
    public void CheckRegion_MissingOrMalformed_NamesTheKey(string? region, string message) =>
        Assert.StartsWith(message, AmazonSesOptionsValidator.CheckRegion(region), StringComparison.Ordinal);

    [Theory]
    [InlineData("us-east-1")]
    [InlineData("us-gov-west-1")]
    [InlineData("ap-southeast-2")]
    [InlineData("cn-north-1")]
    public void CheckRegion_AwsRegion_IsAccepted(string region) => Assert.Null(AmazonSesOptionsValidator.CheckRegion(region));

    [Fact]
    public void ToString_OfOptions_HoldsNoSecretBecauseTheyHaveNone()
    {
        // The package's options hold no secret at all: keys come from the AWS credential chain or the assumed role.
        Assert.DoesNotContain(typeof(AmazonSesOptions).GetProperties(), p => p.Name.Contains("Secret", StringComparison.OrdinalIgnoreCase) || p.Name.Contains("Key", StringComparison.OrdinalIgnoreCase));
    }

    private static Dictionary<string, string?> Valid() => new()
    {
        ["Email:SenderEmail"] = "noreply@shop.example",
        ["Email:ActiveEmailClient"] = "SES",
        ["Email:AwsRegion"] = "eu-west-1",
        ["Email:AwsSes:EmailRoleArn"] = "arn:aws:iam::123456789012:role/ses-sender",
        ["Email:AwsSes:StsRoleSessionName"] = "hyperswitch-email",
    };

    private static ServiceProvider Services(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddEmail(configuration).AddSmtp().AddAmazonSes();
        return services.BuildServiceProvider();
    }
}
