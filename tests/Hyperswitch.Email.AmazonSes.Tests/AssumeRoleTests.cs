using System.Globalization;
using System.Web;
using Microsoft.AspNetCore.Http;

namespace Hyperswitch.Email.AmazonSes.Tests;

/// <summary>
/// <c>Email:AwsSes:EmailRoleArn</c>: the role is assumed through STS with the source credentials, and SES requests are
/// signed with the role's. AWS STS cannot run here, so STS is a scripted local endpoint answering AssumeRole as STS
/// does (its XML); SES is the real aws-ses-v2-local.
/// </summary>
[Collection(SesLocalCollectionDefinition.Name)]
public sealed class AssumeRoleTests(SesLocalFixture ses)
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/ses-sender";

    [Fact]
    public async Task SendAsync_WithRole_SignsSesRequestsWithTheAssumedCredentialsAndRenewsThemBeforeExpiry()
    {
        var issued = 0;
        await using var sts = await ScriptedHttpServer.StartAsync(async (context, request) =>
        {
            // The first credentials expire within the renewal window (5 minutes), the second in an hour.
            var n = Interlocked.Increment(ref issued);
            var expiration = DateTime.UtcNow + (n == 1 ? TimeSpan.FromMinutes(2) : TimeSpan.FromHours(1));
            await AnswerAssumeRole(context, $"ASIAROLE{n}EXAMPLE", $"role-secret-{n}", $"role-token-{n}", expiration);
        });
        var settings = SesHost.Settings(ses.Server.Url);
        settings["Email:AwsSes:EmailRoleArn"] = RoleArn;
        settings["Email:AwsSes:StsRoleSessionName"] = "hyperswitch-email";
        settings["Email:AwsSes:StsServiceUrl"] = sts.Url.ToString();
        await using var host = SesHost.Start(settings);

        await host.SendAsync(new EmailMessage("jane@example.com", $"Role {Guid.NewGuid():N}", "<p>Hi</p>"));
        Assert.Single(sts.Requests);
        Assert.Equal("ASIAROLE1EXAMPLE", Signatures.Check(host.Requests.Requests[0], "role-secret-1").AccessKeyId);

        // The first credentials are within 5 minutes of expiring: the SDK assumes the role again in the background
        // while they still serve, so some next send is signed with the second ones (a signal, not a sleep: each
        // attempt is a real send, at most for 60 s).
        var lastSubject = string.Empty;
        Assert.True(
            await Eventually.TrueAsync(
                async () =>
                {
                    lastSubject = $"Role {Guid.NewGuid():N}";
                    await host.SendAsync(new EmailMessage("jane@example.com", lastSubject, "<p>Hi</p>"));
                    return Signatures.Check(host.Requests.Requests[^1], "role-secret-2").AccessKeyId == "ASIAROLE2EXAMPLE";
                },
                TimeSpan.FromSeconds(60)),
            "No send was signed with the renewed credentials.");
        await host.SendAsync(new EmailMessage("jane@example.com", $"Role {Guid.NewGuid():N}", "<p>Hi</p>"));

        // STS: AssumeRole for the role and session, signed with the source credentials; asked again only for the
        // credentials that were about to expire, not for those valid for an hour.
        Assert.Equal(2, sts.Requests.Count);
        foreach (var assume in sts.Requests)
        {
            var form = HttpUtility.ParseQueryString(assume.Text);
            Assert.Equal("AssumeRole", form["Action"]);
            Assert.Equal(RoleArn, form["RoleArn"]);
            Assert.Equal("hyperswitch-email", form["RoleSessionName"]);
            var (key, scope, _) = Signatures.Check(assume, SesHost.SecretAccessKey);
            Assert.Equal(SesHost.AccessKeyId, key);
            Assert.EndsWith("/eu-west-1/sts/aws4_request", scope, StringComparison.Ordinal);
        }

        // SES: every request signed with the role's credentials of the moment, its session token signed too.
        var sent = host.Requests.Requests;
        for (var i = 0; i < sent.Count; i++)
        {
            var renewed = i >= sent.Count - 2;
            var (key, _, valid) = Signatures.Check(sent[i], renewed ? "role-secret-2" : "role-secret-1");
            Assert.Equal(renewed ? "ASIAROLE2EXAMPLE" : "ASIAROLE1EXAMPLE", key);
            Assert.True(valid, $"SES request {i + 1} is not signed with the assumed role's secret key.");
            Assert.Equal(renewed ? "role-token-2" : "role-token-1", sent[i].Header("X-Amz-Security-Token"));
            Assert.Contains("x-amz-security-token", sent[i].Header("Authorization"), StringComparison.Ordinal);
        }

        await ses.Server.EmailAsync(lastSubject);
        Assert.DoesNotContain("role-secret-", host.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("role-token-", host.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(SesHost.SecretAccessKey, host.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_StsRefusesTheRole_IsAuthenticationAndNothingIsSent()
    {
        await using var sts = await ScriptedHttpServer.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = 403;
            context.Response.ContentType = "text/xml";
            await context.Response.WriteAsync("""
                <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/app is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/ses-sender</Message></Error>
                  <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
                </ErrorResponse>
                """);
        });
        var settings = SesHost.Settings(ses.Server.Url);
        settings["Email:AwsSes:EmailRoleArn"] = RoleArn;
        settings["Email:AwsSes:StsRoleSessionName"] = "hyperswitch-email";
        settings["Email:AwsSes:StsServiceUrl"] = sts.Url.ToString();
        await using var host = SesHost.Start(settings);
        var subject = $"Refused role {Guid.NewGuid():N}";

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => host.SendAsync(new EmailMessage("jane@example.com", subject, "<p>Hi</p>")));

        Assert.Equal(EmailSendFailure.Authentication, exception.Failure);
        Assert.False(exception.IsTransient);
        Assert.Equal("SES", exception.Provider);
        Assert.Equal("AccessDenied", exception.ProviderErrorCode);
        Assert.Contains("Email:AwsSes:EmailRoleArn", exception.Message, StringComparison.Ordinal);
        Assert.Contains("c6104cbe-af31-11e0-8154-cbc7ccf896c7", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SesHost.SecretAccessKey, exception.ToString(), StringComparison.Ordinal);
        Assert.Empty(host.Requests.Requests);
        Assert.DoesNotContain(await ses.Server.EmailsAsync(), e => e.GetProperty("subject").GetString() == subject);
    }

    [Fact]
    public async Task SendAsync_StsUnreachable_IsATransientConnectFailureAndNothingIsSent()
    {
        var settings = SesHost.Settings(ses.Server.Url);
        settings["Email:AwsSes:EmailRoleArn"] = RoleArn;
        settings["Email:AwsSes:StsRoleSessionName"] = "hyperswitch-email";
        settings["Email:AwsSes:StsServiceUrl"] = $"http://127.0.0.1:{FreePort.Next()}/";
        await using var host = SesHost.Start(settings);

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => host.SendAsync(new EmailMessage("jane@example.com", "Hi", "<p>Hi</p>")));

        Assert.Equal(EmailSendFailure.Connect, exception.Failure);
        Assert.True(exception.IsTransient);
        Assert.Contains("Email:AwsSes:EmailRoleArn", exception.Message, StringComparison.Ordinal);
        Assert.Empty(host.Requests.Requests);
    }

    private static Task AnswerAssumeRole(HttpContext context, string accessKeyId, string secretAccessKey, string sessionToken, DateTime expiration)
    {
        context.Response.ContentType = "text/xml";
        return context.Response.WriteAsync($"""
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <Credentials>
                  <AccessKeyId>{accessKeyId}</AccessKeyId>
                  <SecretAccessKey>{secretAccessKey}</SecretAccessKey>
                  <SessionToken>{sessionToken}</SessionToken>
                  <Expiration>{expiration.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}</Expiration>
                </Credentials>
                <AssumedRoleUser>
                  <Arn>arn:aws:sts::123456789012:assumed-role/ses-sender/hyperswitch-email</Arn>
                  <AssumedRoleId>AROA3XFRBF535PLBIFPI4:hyperswitch-email</AssumedRoleId>
                </AssumedRoleUser>
              </AssumeRoleResult>
              <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
            </AssumeRoleResponse>
            """);
    }
}
