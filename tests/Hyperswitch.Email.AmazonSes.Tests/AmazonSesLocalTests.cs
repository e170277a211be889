using System.Security.Cryptography;
using System.Text.Json;
using Hyperswitch.Email.AmazonSes.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using MimeKit;
using MimeKit.Cryptography;

namespace Hyperswitch.Email.AmazonSes.Tests;

/// <summary>End to end against a real local SES v2 server (aws-ses-v2-local, from npm): what it stored, and the request as it went out.</summary>
[Collection(SesLocalCollectionDefinition.Name)]
public sealed class AmazonSesLocalTests(SesLocalFixture ses)
{
    [Fact]
    public async Task SendAsync_ThroughSesLocal_ArrivesWithHeadersPartsAndAVerifyingDkimSignature()
    {
        using var rsa = RSA.Create(2048);
        var settings = SesHost.Settings(ses.Server.Url);
        settings["Email:Dkim:Domain"] = "shop.example";
        settings["Email:Dkim:Selector"] = "ses2026";
        settings["Email:Dkim:PrivateKey"] = rsa.ExportRSAPrivateKeyPem();
        await using var host = SesHost.Start(settings);
        var subject = $"Welcome {Guid.NewGuid():N}";
        var pdf = "%PDF-1.4 invoice"u8.ToArray();
        var message = new EmailMessage("jane@example.com", subject, "<p>Confirm: <a href=\"https://shop.example/c?t=1\">link</a> é</p><img src=\"cid:logo\">")
        {
            TextBody = "Confirm: https://shop.example/c?t=1 é",
            Cc = { "cc@example.com" },
            Bcc = { "audit@example.com" },
            Attachments =
            {
                EmailAttachment.FromBytes("invoice.pdf", pdf, "application/pdf"),
                EmailAttachment.Inline("logo", "logo.png", new byte[] { 0x89, 0x50, 0x4E, 0x47 }, "image/png"),
            },
            Headers = { ["X-Campaign"] = "signup" },
        };

        var prepared = await host.SendPreparedAsync(message);

        // What aws-ses-v2-local stored (it parses the raw message with mailparser).
        var stored = await ses.Server.EmailAsync(subject);
        Assert.Equal("\"Shop\" <noreply@shop.example>", stored.GetProperty("from").GetString());
        Assert.Equal(["jane@example.com"], Strings(stored.GetProperty("destination").GetProperty("to")));
        Assert.Equal(["cc@example.com"], Strings(stored.GetProperty("destination").GetProperty("cc")));
        Assert.Empty(Strings(stored.GetProperty("destination").GetProperty("bcc")));
        Assert.Contains("Confirm: https://shop.example/c?t=1 é", stored.GetProperty("body").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("href=\"https://shop.example/c?t=1\"", stored.GetProperty("body").GetProperty("html").GetString(), StringComparison.Ordinal);
        var attachments = stored.GetProperty("attachments").EnumerateArray().ToList();
        var invoice = Assert.Single(attachments, a => a.GetProperty("filename").GetString() == "invoice.pdf");
        Assert.Equal("application/pdf", invoice.GetProperty("contentType").GetString());
        Assert.Equal(pdf, Convert.FromBase64String(invoice.GetProperty("content").GetString()!));
        var logo = Assert.Single(attachments, a => a.GetProperty("filename").GetString() == "logo.png");
        Assert.Equal("logo", logo.GetProperty("contentId").GetString()!.Trim('<', '>'));

        // The request as it went out: the library's own MIME, Bcc only in the destination, signed for SES.
        var request = Assert.Single(host.Requests.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal(new Uri(ses.Server.Url, "v2/email/outbound-emails"), request.Uri);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("noreply@shop.example", body.RootElement.GetProperty("FromEmailAddress").GetString());
        Assert.Equal(["jane@example.com", "cc@example.com", "audit@example.com"], Strings(body.RootElement.GetProperty("Destination").GetProperty("ToAddresses")));
        var raw = body.RootElement.GetProperty("Content").GetProperty("Raw").GetProperty("Data").GetBytesFromBase64();
        using var sent = await PreparedEmailBytesAsync(prepared);
        Assert.Equal(sent.ToArray(), raw);

        using var received = MimeMessage.Load(new MemoryStream(raw));
        Assert.Equal(subject, received.Subject);
        Assert.Equal(prepared.MessageId, received.MessageId);
        Assert.Equal("signup", received.Headers["X-Campaign"]);
        Assert.Equal(-1, received.Headers.IndexOf(HeaderId.Bcc));
        Assert.DoesNotContain("audit@example.com", System.Text.Encoding.UTF8.GetString(raw), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(received.BodyParts, p => p is MimePart { FileName: "invoice.pdf" });
        Assert.Contains(received.BodyParts, p => p.ContentId == "logo");
        var signature = received.Headers[received.Headers.IndexOf(HeaderId.DkimSignature)];
        Assert.True(await new DkimVerifier(new SingleKeyLocator(rsa.ExportSubjectPublicKeyInfoPem())).VerifyAsync(received, signature));

        var (accessKeyId, scope, valid) = Signatures.Check(request, SesHost.SecretAccessKey);
        Assert.Equal(SesHost.AccessKeyId, accessKeyId);
        Assert.EndsWith("/eu-west-1/ses/aws4_request", scope, StringComparison.Ordinal);
        Assert.True(valid, "The SES request's signature is not the one its secret key gives.");
        Assert.Null(request.Header("X-Amz-Security-Token"));
    }

    [Fact]
    public async Task SendAsync_ThroughThePipeline_IsCountedAsSentBySes()
    {
        await using var host = SesHost.Start(SesHost.Settings(ses.Server.Url), configure: services => services.AddMetrics());
        using var sent = new MetricCollector<long>(host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "Hyperswitch.Email", "hyperswitch.email.sent");
        var subject = $"Counted {Guid.NewGuid():N}";

        await host.SendAsync(new EmailMessage("jane@example.com", subject, "<p>Hi</p>"));

        await ses.Server.EmailAsync(subject);
        var measurement = Assert.Single(sent.GetMeasurementSnapshot());
        Assert.Equal("SES", measurement.Tags["hyperswitch.email.client"]);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 40 && e.Message.Contains("Amazon SES accepted email", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendAsync_PreparedEmailReloadedFromItsBytes_KeepsBccInTheDestination()
    {
        // The outbox's path: the stored bytes (Bcc header kept) are loaded back and sent; Bcc goes only to the destination.
        await using var host = SesHost.Start(SesHost.Settings(ses.Server.Url));
        var subject = $"Queued {Guid.NewGuid():N}";
        var composed = await host.Services.GetRequiredService<IEmailComposer>().ComposeAsync(
            new EmailMessage("jane@example.com", subject, "<p>Hi</p>") { Bcc = { "audit@example.com" } });
        var stored = composed.Content.ToArray();

        await host.Services.GetRequiredService<PreparedEmailSender>().SendAsync(PreparedEmail.Load(stored));

        var email = await ses.Server.EmailAsync(subject);
        Assert.Empty(Strings(email.GetProperty("destination").GetProperty("bcc")));
        using var body = JsonDocument.Parse(Assert.Single(host.Requests.Requests).Body);
        Assert.Equal(["jane@example.com", "audit@example.com"], Strings(body.RootElement.GetProperty("Destination").GetProperty("ToAddresses")));
        var raw = System.Text.Encoding.UTF8.GetString(body.RootElement.GetProperty("Content").GetProperty("Raw").GetProperty("Data").GetBytesFromBase64());
        Assert.DoesNotContain("audit@example.com", raw, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SendAsync_Traced_TagsTheSendActivityWithSesAndItsEndpoint()
    {
        var stopped = new System.Collections.Concurrent.ConcurrentQueue<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == Hyperswitch.Email.Diagnostics.EmailInstrumentation.ActivitySourceName,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        await using var host = SesHost.Start(SesHost.Settings(ses.Server.Url));

        await host.SendAsync(new EmailMessage("jane@example.com", $"Traced {Guid.NewGuid():N}", "<p>Hi</p>"));

        // Other tests may send at the same time: this one's activity is the one for this server's port.
        var activity = Assert.Single(stopped, a => Equals(a.GetTagItem("server.port"), ses.Server.Url.Port));
        Assert.Equal("SES", activity.GetTagItem("hyperswitch.email.client"));
        Assert.Equal("127.0.0.1", activity.GetTagItem("server.address"));
        Assert.Contains(activity.Events, e => e.Name == "accepted");
    }

    [Fact]
    public async Task HealthCheck_SesLocalAnswersTheAccount_IsHealthyWithTheQuota()
    {
        await using var host = SesHost.Start(SesHost.Settings(ses.Server.Url));
        var check = ActivatorUtilities.CreateInstance<AmazonSesHealthCheck>(host.Services);

        var result = await check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("ses", check, HealthStatus.Unhealthy, null) });

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(true, result.Data["sendingEnabled"]);
        Assert.Equal(50000d, result.Data["max24HourSend"]);
        var request = Assert.Single(host.Requests.Requests);
        Assert.Equal("GET", request.Method);
        Assert.True(Signatures.Check(request, SesHost.SecretAccessKey).Valid);
    }

    private static List<string?> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()).ToList();

    private static async Task<MemoryStream> PreparedEmailBytesAsync(PreparedEmail prepared)
    {
        var stream = new MemoryStream();
        await prepared.WriteToAsync(stream);
        return stream;
    }
}
