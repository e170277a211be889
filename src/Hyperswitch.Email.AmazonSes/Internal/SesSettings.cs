using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.AmazonSes.Internal;

/// <summary>What one send needs of <see cref="AmazonSesOptions"/> and <see cref="EmailOptions.AwsRegion"/>, read once per send.</summary>
internal sealed record SesSettings(Uri Endpoint, string Region, string? RoleArn, string? RoleSessionName, Uri? StsServiceUrl, TimeSpan Timeout)
{
    /// <summary>The signing name of SES in SigV4's credential scope.</summary>
    public const string SigningService = "ses";

    /// <summary>The endpoint's <c>Host</c> header: the host, with the port unless it is the scheme's default.</summary>
    public string Host => Endpoint.IsDefaultPort ? Endpoint.IdnHost : $"{Endpoint.IdnHost}:{Endpoint.Port}";

    public static SesSettings From(AmazonSesOptions ses, EmailOptions email)
    {
        var region = email.AwsRegion?.Trim();
        if (string.IsNullOrEmpty(region))
        {
            // The validator refuses this at startup when SES is the active client; a transport resolved otherwise says why.
            throw new OptionsValidationException(nameof(AmazonSesOptions), typeof(AmazonSesOptions), [AmazonSesOptionsValidator.RegionMissing]);
        }

        var endpoint = ses.ServiceUrl ?? new Uri($"https://email.{region}.amazonaws.com/");
        return new SesSettings(
            endpoint,
            region,
            string.IsNullOrWhiteSpace(ses.EmailRoleArn) ? null : ses.EmailRoleArn.Trim(),
            string.IsNullOrWhiteSpace(ses.StsRoleSessionName) ? null : ses.StsRoleSessionName.Trim(),
            ses.StsServiceUrl,
            TimeSpan.FromSeconds(ses.Timeout));
    }

    /// <summary>The URI of an API path, relative to the endpoint (which may carry a path prefix).</summary>
    public Uri Api(string path)
    {
        var baseUri = Endpoint.AbsoluteUri.EndsWith('/') ? Endpoint : new Uri(Endpoint.AbsoluteUri + "/");
        return new Uri(baseUri, path);
    }
}
