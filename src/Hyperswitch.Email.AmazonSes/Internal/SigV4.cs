using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace Hyperswitch.Email.AmazonSes.Internal;

/// <summary>
/// Signature Version 4 for one HTTP request: the canonical request is built here (the SDK builds it only from its own
/// request type), the string to sign, the key derivation and the signature come from AWSSDK.Core's
/// <see cref="AWS4Signer.ComputeSignature(ImmutableCredentials, string, DateTime, string, string, string)"/>.
/// Checked against AWS's published signature test suite.
/// </summary>
internal static class SigV4
{
    /// <summary>The <c>x-amz-date</c> format.</summary>
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>The hex SHA-256 of <paramref name="payload"/>, the last line of the canonical request.</summary>
    public static string PayloadHash(ReadOnlySpan<byte> payload) => Convert.ToHexString(SHA256.HashData(payload)).ToLowerInvariant();

    /// <summary>Formats <paramref name="signedAt"/> (UTC) as <c>x-amz-date</c> wants it.</summary>
    public static string AmzDate(DateTime signedAt) => signedAt.ToUniversalTime().ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// The canonical request: method, URI path (each segment encoded again, as every service but S3 wants), sorted
    /// query, the headers to sign (lowercased, values trimmed and inner white space collapsed, sorted, repeated ones
    /// joined by commas), the signed header names and the payload hash.
    /// </summary>
    public static string CanonicalRequest(string method, Uri uri, IEnumerable<KeyValuePair<string, string>> headers, string payloadHash, out string signedHeaders)
    {
        var canonicalHeaders = headers
            .GroupBy(header => header.Key.Trim().ToLowerInvariant(), header => CanonicalValue(header.Value), StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .ToList();
        signedHeaders = string.Join(';', canonicalHeaders.Select(group => group.Key));

        var builder = new StringBuilder();
        builder.Append(method.ToUpperInvariant()).Append('\n');
        builder.Append(CanonicalPath(uri)).Append('\n');
        builder.Append(CanonicalQuery(uri)).Append('\n');
        foreach (var group in canonicalHeaders)
        {
            builder.Append(group.Key).Append(':').Append(string.Join(',', group)).Append('\n');
        }

        builder.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);
        return builder.ToString();
    }

    /// <summary>The <c>Authorization</c> header value for the request, signed for <paramref name="region"/> and <paramref name="service"/> at <paramref name="signedAt"/>.</summary>
    public static string Authorization(
        string method,
        Uri uri,
        IEnumerable<KeyValuePair<string, string>> headers,
        string payloadHash,
        ImmutableCredentials credentials,
        string region,
        string service,
        DateTime signedAt)
    {
        var canonical = CanonicalRequest(method, uri, headers, payloadHash, out var signedHeaders);
        var result = AWS4Signer.ComputeSignature(credentials, region, signedAt.ToUniversalTime(), service, signedHeaders, canonical);
        return result.ForAuthorizationHeader;
    }

    private static string CanonicalValue(string value)
    {
        var builder = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.AsSpan().Trim())
        {
            if (c is ' ' or '\t')
            {
                space = true;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static string CanonicalPath(Uri uri)
    {
        var path = uri.AbsolutePath;
        if (path.Length == 0)
        {
            return "/";
        }

        // The path as sent is already percent-encoded; SigV4 (outside S3) encodes each segment once more.
        return string.Join('/', path.Split('/').Select(Encode));
    }

    private static string CanonicalQuery(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            return string.Empty;
        }

        return string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
                var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
                return (Name: Encode(name), Value: Encode(value));
            })
            .OrderBy(pair => pair.Name, StringComparer.Ordinal)
            .ThenBy(pair => pair.Value, StringComparer.Ordinal)
            .Select(pair => $"{pair.Name}={pair.Value}"));
    }

    /// <summary>RFC 3986 encoding: everything but unreserved characters, as upper-case <c>%XX</c> of the UTF-8 bytes.</summary>
    private static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
