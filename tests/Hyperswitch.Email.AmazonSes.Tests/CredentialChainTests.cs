namespace Hyperswitch.Email.AmazonSes.Tests;

/// <summary>
/// Without registered credentials, the AWS SDK's default chain gives them: here its first source, the environment
/// variables (the process's own: no other test uses the chain).
/// </summary>
[Collection(SesLocalCollectionDefinition.Name)]
public sealed class CredentialChainTests(SesLocalFixture ses)
{
    [Fact]
    public async Task SendAsync_NoRegisteredCredentials_SignsWithTheEnvironmentsCredentials()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIACHAINEXAMPLE");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "chain-secret-example");
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        try
        {
            await using var host = SesHost.Start(SesHost.Settings(ses.Server.Url), useCredentialChain: true);
            var subject = $"Chain {Guid.NewGuid():N}";

            await host.SendAsync(new EmailMessage("jane@example.com", subject, "<p>Hi</p>"));

            await ses.Server.EmailAsync(subject);
            var (key, _, valid) = Signatures.Check(Assert.Single(host.Requests.Requests), "chain-secret-example");
            Assert.Equal("AKIACHAINEXAMPLE", key);
            Assert.True(valid);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", null);
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", null);
            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", null);
        }
    }
}
