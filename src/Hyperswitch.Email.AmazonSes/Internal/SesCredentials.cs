using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Hyperswitch.Email.AmazonSes.Internal;

/// <summary>
/// The credentials that sign each request: an <see cref="AWSCredentials"/> the application registered, or else the
/// AWS SDK's default chain (environment, shared profile, web identity, container and instance roles), resolved on the
/// first send; through the role of <c>Email:AwsSes:EmailRoleArn</c> when it is set. Thread-safe.
/// </summary>
internal sealed class SesCredentials : IDisposable
{
    private readonly AWSCredentials? _registered;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile AWSCredentials? _chain;
    private volatile RoleEntry? _role;

    public SesCredentials(AWSCredentials? registered) => _registered = registered;

    /// <summary>Gets the credentials for <paramref name="settings"/>, assuming its role when it has one.</summary>
    /// <exception cref="AmazonClientException">No credentials were found.</exception>
    /// <exception cref="AmazonServiceException">STS refused the role.</exception>
    /// <exception cref="HttpRequestException">STS could not be reached.</exception>
    public async Task<ImmutableCredentials> GetAsync(SesSettings settings, CancellationToken cancellationToken)
    {
        var source = _registered ?? _chain ?? await ResolveChainAsync(cancellationToken).ConfigureAwait(false);
        var credentials = settings.RoleArn is null ? source : await RoleAsync(source, settings, cancellationToken).ConfigureAwait(false);
        return await credentials.GetCredentialsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _role?.Credentials.Dispose();
        _gate.Dispose();
    }

    private async Task<AWSCredentials> ResolveChainAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _chain ??= await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<AWSCredentials> RoleAsync(AWSCredentials source, SesSettings settings, CancellationToken cancellationToken)
    {
        var key = new RoleKey(settings.RoleArn!, settings.RoleSessionName!, settings.Region, settings.StsServiceUrl, settings.Timeout);
        if (_role is { } current && current.Key == key)
        {
            return current.Credentials;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_role is not { } entry || entry.Key != key)
            {
                // The first send, or the options changed: a role of its own. The old one is left to the collector,
                // since a send in flight may still be reading it.
                entry = new RoleEntry(key, new AssumedRoleCredentials(source, key.RoleArn, key.SessionName, key.Region, key.StsServiceUrl, key.Timeout));
                _role = entry;
            }

            return entry.Credentials;
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed record RoleKey(string RoleArn, string SessionName, string Region, Uri? StsServiceUrl, TimeSpan Timeout);

    private sealed record RoleEntry(RoleKey Key, AssumedRoleCredentials Credentials);
}
