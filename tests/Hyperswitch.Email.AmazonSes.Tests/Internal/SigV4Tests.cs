using Amazon.Runtime;
using Hyperswitch.Email.AmazonSes.Internal;

namespace Hyperswitch.Email.AmazonSes.Tests.Internal;

/// <summary>
/// AWS's published Signature Version 4 test suite (aws-sig-v4-test-suite): the example credentials, 2015-08-30T12:36:00Z,
/// us-east-1, service "service", and the expected Authorization headers.
/// </summary>
public sealed class SigV4Tests
{
    private const string Key = "AKIDEXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string Prefix = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ";
    private const string SuiteToken = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
    private static readonly DateTime SignedAt = new(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("get-vanilla", "GET", "https://example.amazonaws.com/", "", "host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")]
    [InlineData("get-vanilla-query-order-key-case", "GET", "https://example.amazonaws.com/?Param2=value2&Param1=value1", "", "host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")]
    [InlineData("post-vanilla", "POST", "https://example.amazonaws.com/", "", "host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")]
    public void Authorization_SuiteVector_IsAwsPublishedHeader(string vector, string method, string url, string body, string signedHeaders, string signature)
    {
        var headers = new List<KeyValuePair<string, string>> { new("Host", "example.amazonaws.com"), new("X-Amz-Date", "20150830T123600Z") };

        var authorization = SigV4.Authorization(method, new Uri(url), headers, SigV4.PayloadHash(System.Text.Encoding.UTF8.GetBytes(body)), new ImmutableCredentials(Key, Secret, null), "us-east-1", "service", SignedAt);

        Assert.True($"{Prefix}SignedHeaders={signedHeaders}, Signature={signature}" == authorization, $"{vector}: {authorization}");
    }

    [Fact]
    public void Authorization_HeaderValuesWithSpaces_AreTrimmedAndCollapsed()
    {
        // get-header-value-trim: " value1" and "\"a   b   c\"" sign as "value1" and "\"a b c\"".
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Host", "example.amazonaws.com"),
            new("My-Header1", " value1"),
            new("My-Header2", "\"a   b   c\""),
            new("X-Amz-Date", "20150830T123600Z"),
        };

        var authorization = SigV4.Authorization("GET", new Uri("https://example.amazonaws.com/"), headers, SigV4.PayloadHash([]), new ImmutableCredentials(Key, Secret, null), "us-east-1", "service", SignedAt);

        Assert.Equal($"{Prefix}SignedHeaders=host;my-header1;my-header2;x-amz-date, Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736", authorization);
    }

    [Fact]
    public void Authorization_SessionTokenSignedAsHeader_IsAwsPublishedHeader()
    {
        // post-sts-token/post-sts-header-before: the X-Amz-Security-Token header is part of the canonical request.
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Host", "example.amazonaws.com"),
            new("X-Amz-Date", "20150830T123600Z"),
            new("X-Amz-Security-Token", SuiteToken),
        };

        var authorization = SigV4.Authorization("POST", new Uri("https://example.amazonaws.com/"), headers, SigV4.PayloadHash([]), new ImmutableCredentials(Key, Secret, SuiteToken), "us-east-1", "service", SignedAt);

        Assert.Equal($"{Prefix}SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead", authorization);
    }

    [Fact]
    public void CanonicalRequest_GetVanilla_IsTheSuiteCanonicalRequest()
    {
        var headers = new List<KeyValuePair<string, string>> { new("X-Amz-Date", "20150830T123600Z"), new("Host", "example.amazonaws.com") };

        var canonical = SigV4.CanonicalRequest("GET", new Uri("https://example.amazonaws.com/"), headers, SigV4.PayloadHash([]), out var signed);

        Assert.Equal("host;x-amz-date", signed);
        Assert.Equal(
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            canonical);
    }

    [Fact]
    public void Authorization_ChangedBody_ChangesTheSignature()
    {
        var headers = new List<KeyValuePair<string, string>> { new("Host", "email.eu-west-1.amazonaws.com"), new("X-Amz-Date", "20150830T123600Z") };
        var uri = new Uri("https://email.eu-west-1.amazonaws.com/v2/email/outbound-emails");
        var credentials = new ImmutableCredentials(Key, Secret, null);

        var one = SigV4.Authorization("POST", uri, headers, SigV4.PayloadHash("{\"a\":1}"u8), credentials, "eu-west-1", "ses", SignedAt);
        var other = SigV4.Authorization("POST", uri, headers, SigV4.PayloadHash("{\"a\":2}"u8), credentials, "eu-west-1", "ses", SignedAt);

        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/ses/aws4_request, SignedHeaders=host;x-amz-date, Signature=", one);
        Assert.NotEqual(one, other);
    }
}
