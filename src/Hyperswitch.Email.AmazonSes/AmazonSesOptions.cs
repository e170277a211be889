namespace Hyperswitch.Email.AmazonSes;

/// <summary>
/// The options of the Amazon SES API provider, bound from <c>Email:AwsSes</c>: Hyperswitch's <c>[email.aws_ses]</c>
/// table, whose keys bind unchanged. The region is Hyperswitch's <c>[email] aws_region</c> (<c>Email:AwsRegion</c>).
/// </summary>
/// <remarks>
/// Credentials come from the AWS SDK's default chain (environment variables, the shared profile, web identity, the
/// container or instance role); when <see cref="EmailRoleArn"/> is set, they are the source credentials of an assumed
/// role, renewed before it expires. The options are validated at startup; every error names its key.
/// </remarks>
public sealed class AmazonSesOptions
{
    /// <summary>The name of the configuration section, under <c>Email</c>: <c>AwsSes</c>.</summary>
    public const string SectionName = "AwsSes";

    /// <summary>The largest <see cref="Timeout"/>, in seconds: an hour.</summary>
    public const int MaxTimeoutSeconds = 3600;

    /// <summary>
    /// Gets or sets the IAM role to assume for sending (<c>Email:AwsSes:EmailRoleArn</c>, Hyperswitch's
    /// <c>email_role_arn</c>), for example <c>arn:aws:iam::123456789012:role/ses-sender</c>.
    /// </summary>
    /// <value>The default is <see langword="null"/> (an empty string too): the chain's credentials sign the requests themselves.</value>
    public string? EmailRoleArn { get; set; }

    /// <summary>
    /// Gets or sets the session name of the assumed role (<c>Email:AwsSes:StsRoleSessionName</c>, Hyperswitch's
    /// <c>sts_role_session_name</c>): 2 to 64 letters, digits and <c>+=,.@_-</c>; it shows in CloudTrail.
    /// </summary>
    /// <value>The default is <see langword="null"/>: required when <see cref="EmailRoleArn"/> is set.</value>
    public string? StsRoleSessionName { get; set; }

    /// <summary>
    /// Gets or sets the SES endpoint (<c>Email:AwsSes:ServiceUrl</c>), for a local server such as
    /// <c>aws-ses-v2-local</c>, a VPC endpoint or a FIPS endpoint. Requests are still signed for <c>Email:AwsRegion</c>.
    /// </summary>
    /// <value>The default is <see langword="null"/>: <c>https://email.&lt;region&gt;.amazonaws.com/</c>.</value>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Gets or sets the STS endpoint used to assume <see cref="EmailRoleArn"/> (<c>Email:AwsSes:StsServiceUrl</c>).</summary>
    /// <value>The default is <see langword="null"/>: the regional STS endpoint of <c>Email:AwsRegion</c>.</value>
    public Uri? StsServiceUrl { get; set; }

    /// <summary>
    /// Gets or sets how long one send may take, in seconds (<c>Email:AwsSes:Timeout</c>), from 1 to
    /// <see cref="MaxTimeoutSeconds"/>: getting credentials, the request and the whole response, however slowly its bytes arrive.
    /// </summary>
    /// <value>The default is 30.</value>
    public int Timeout { get; set; } = 30;
}
