using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Hyperswitch.Email.AmazonSes.Internal;

/// <summary>
/// The credentials of <c>Email:AwsSes:EmailRoleArn</c>, assumed with <c>sts_role_session_name</c> through STS
/// (AWSSDK.SecurityToken) with the source credentials, and assumed again <see cref="RefreshBefore"/> before they expire.
/// </summary>
/// <remarks>
/// The SDK's own <c>AssumeRoleAWSCredentials</c> takes no STS endpoint; this one does (<c>Email:AwsSes:StsServiceUrl</c>).
/// </remarks>
internal sealed class AssumedRoleCredentials : RefreshingAWSCredentials
{
    /// <summary>How long before the credentials expire they are renewed: the next send after that assumes the role again.</summary>
    public static readonly TimeSpan RefreshBefore = TimeSpan.FromMinutes(5);

    private readonly AmazonSecurityTokenServiceClient _sts;
    private readonly string _roleArn;
    private readonly string _sessionName;

    public AssumedRoleCredentials(AWSCredentials source, string roleArn, string sessionName, string region, Uri? stsServiceUrl, TimeSpan timeout)
    {
        _roleArn = roleArn;
        _sessionName = sessionName;
        var config = new AmazonSecurityTokenServiceConfig
        {
            Timeout = timeout,
            MaxErrorRetry = 2,
        };
        if (stsServiceUrl is null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        else
        {
            config.ServiceURL = stsServiceUrl.ToString();
            config.AuthenticationRegion = region;
        }

        _sts = new AmazonSecurityTokenServiceClient(source, config);
        PreemptExpiryTime = RefreshBefore;
    }

    /// <summary>Assumes the role.</summary>
    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        var response = await _sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = _roleArn,
            RoleSessionName = _sessionName,
        }).ConfigureAwait(false);
        var credentials = response.Credentials;
        return new CredentialsRefreshState(
            new ImmutableCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
            (credentials.Expiration ?? DateTime.UtcNow.AddHours(1)).ToUniversalTime());
    }

    /// <summary>Not used: the provider only asks for credentials asynchronously, and blocking on STS is not done here.</summary>
    protected override CredentialsRefreshState GenerateNewCredentials() =>
        throw new NotSupportedException("The assumed role's credentials are only available through GetCredentialsAsync.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _sts.Dispose();
        }

        base.Dispose(disposing);
    }
}
