using System.Globalization;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Hyperswitch.Email.AmazonSes.Internal;

namespace Hyperswitch.Email.AmazonSes.Tests;

/// <summary>Checks a recorded request's SigV4 signature the way AWS does: recomputed from the request with the secret key.</summary>
public static partial class Signatures
{
    /// <summary>The access key id the request was signed with, and whether its signature is the one <paramref name="secretAccessKey"/> gives.</summary>
    public static (string AccessKeyId, string Scope, bool Valid) Check(RecordedRequest request, string secretAccessKey)
    {
        var authorization = request.Header("Authorization") ?? throw new Xunit.Sdk.XunitException("The request is not signed.");
        var match = AuthorizationHeader().Match(authorization);
        Assert.True(match.Success, $"Not a SigV4 Authorization header: {authorization}");
        var scope = match.Groups["scope"].Value.Split('/');
        var signedAt = DateTime.ParseExact(request.Header("X-Amz-Date")!, SigV4.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        var headers = match.Groups["signed"].Value.Split(';')
            .Select(name => new KeyValuePair<string, string>(name, request.Header(name) ?? throw new Xunit.Sdk.XunitException($"The signed header {name} is not in the request.")))
            .ToList();
        var expected = SigV4.Authorization(
            request.Method,
            request.Uri,
            headers,
            SigV4.PayloadHash(request.Body),
            new ImmutableCredentials(match.Groups["key"].Value, secretAccessKey, null),
            scope[1],
            scope[2],
            signedAt);
        return (match.Groups["key"].Value, match.Groups["scope"].Value, expected == authorization);
    }

    [GeneratedRegex("^AWS4-HMAC-SHA256 Credential=(?<key>[A-Z0-9]+)/(?<scope>[0-9]{8}/[a-z0-9-]+/[a-z0-9]+/aws4_request), SignedHeaders=(?<signed>[a-z0-9;-]+), Signature=[0-9a-f]{64}$")]
    private static partial Regex AuthorizationHeader();
}
