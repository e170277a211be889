using System.Net;
using System.Net.Sockets;
using Hyperswitch.Email.AmazonSes.Internal;
using Microsoft.AspNetCore.Http;

namespace Hyperswitch.Email.AmazonSes.Tests;

/// <summary>SES's error answers, from a scripted HTTP server that answers as SES does (status, x-amzn-ErrorType, JSON body), and network failures.</summary>
public sealed class ErrorMappingTests
{
    public static TheoryData<int, string?, string, EmailSendFailure, bool, string> SesErrors() => new()
    {
        { 429, "TooManyRequestsException:http://internal.amazon.com/coral/com.amazonaws.sesv2/", """{"message":"Too many requests."}""", EmailSendFailure.Throttled, true, "TooManyRequestsException" },
        { 400, "LimitExceededException:http://internal.amazon.com/coral/com.amazonaws.sesv2/", """{"message":"Maximum sending rate exceeded."}""", EmailSendFailure.Throttled, true, "LimitExceededException" },
        { 400, "MessageRejected:http://internal.amazon.com/coral/com.amazonaws.sesv2/", """{"message":"Email address is not verified. The following identities failed the check in region EU-WEST-1: noreply@shop.example"}""", EmailSendFailure.MessageRejected, false, "MessageRejected" },
        { 400, "MailFromDomainNotVerifiedException:http://internal.amazon.com/coral/com.amazonaws.sesv2/", """{"message":"The MAIL FROM domain is not verified."}""", EmailSendFailure.SenderRejected, false, "MailFromDomainNotVerifiedException" },
        { 400, "SendingPausedException:http://internal.amazon.com/coral/com.amazonaws.sesv2/", """{"message":"Sending is paused for this account."}""", EmailSendFailure.SenderRejected, false, "SendingPausedException" },
        { 400, "AccountSuspendedException:http://internal.amazon.com/coral/com.amazonaws.sesv2/", """{"message":"The account is suspended."}""", EmailSendFailure.SenderRejected, false, "AccountSuspendedException" },
        { 403, null, """{"__type":"com.amazon.coral.service#UnrecognizedClientException","message":"The security token included in the request is invalid."}""", EmailSendFailure.Authentication, false, "UnrecognizedClientException" },
        { 403, "SignatureDoesNotMatch", """{"message":"The request signature we calculated does not match the signature you provided."}""", EmailSendFailure.Authentication, false, "SignatureDoesNotMatch" },
        { 400, "BadRequestException:http://internal.amazon.com/coral/com.amazonaws.sesv2/", """{"message":"Illegal header 'X-Bad'."}""", EmailSendFailure.MessageRejected, false, "BadRequestException" },
        { 500, "InternalFailure", """{"message":"We encountered an internal error."}""", EmailSendFailure.Unknown, true, "InternalFailure" },
        { 503, "ServiceUnavailable", """{"message":"Service unavailable."}""", EmailSendFailure.Unknown, true, "ServiceUnavailable" },
    };

    [Theory]
    [MemberData(nameof(SesErrors))]
    public async Task SendAsync_SesErrorAnswer_IsMappedWithCodeAndRequestId(int status, string? errorType, string body, EmailSendFailure failure, bool transient, string code)
    {
        await using var server = await ScriptedHttpServer.StartAsync(ScriptedHttpServer.Answer(status, errorType, body, requestId: "req-0123"));
        await using var host = SesHost.Start(SesHost.Settings(server.Url));

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => host.SendAsync(new EmailMessage("jane@example.com", "Hi", "<p>Hi</p>")));

        Assert.Equal(failure, exception.Failure);
        Assert.Equal(transient, exception.IsTransient);
        Assert.Equal("SES", exception.Provider);
        Assert.Equal(code, exception.ProviderErrorCode);
        Assert.Null(exception.SmtpStatusCode);
        Assert.False(exception.MayHaveBeenDelivered);
        Assert.Contains("req-0123", exception.Message, StringComparison.Ordinal);
        Assert.Equal("req-0123", exception.Data[SesFailure.RequestIdKey]);
        Assert.Contains($"HTTP {status}", exception.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
        Assert.DoesNotContain(SesHost.SecretAccessKey, exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_SesTextWithAnAddress_IsMaskedInTheMessage()
    {
        await using var server = await ScriptedHttpServer.StartAsync(ScriptedHttpServer.Answer(400, "MessageRejected", """{"message":"Email address is not verified: jane.doe@example.com"}"""));
        await using var host = SesHost.Start(SesHost.Settings(server.Url));

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => host.SendAsync(new EmailMessage("jane.doe@example.com", "Hi", "<p>Hi</p>")));

        Assert.Contains("j***@example.com", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe@", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_AnswerOnlyFromStatus429_IsThrottledAndTransient()
    {
        await using var server = await ScriptedHttpServer.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = 429;
            await context.Response.WriteAsync("slow down");
        });
        await using var host = SesHost.Start(SesHost.Settings(server.Url));

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => host.SendAsync(new EmailMessage("jane@example.com", "Hi", "<p>Hi</p>")));

        Assert.Equal(EmailSendFailure.Throttled, exception.Failure);
        Assert.True(exception.IsTransient);
        Assert.Null(exception.ProviderErrorCode);
    }

    [Fact]
    public async Task SendAsync_NothingListening_IsConnectAndTransient()
    {
        var port = FreePort.Next();
        await using var host = SesHost.Start(SesHost.Settings(new Uri($"http://127.0.0.1:{port}/")));

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => host.SendAsync(new EmailMessage("jane@example.com", "Hi", "<p>Hi</p>")));

        Assert.Equal(EmailSendFailure.Connect, exception.Failure);
        Assert.True(exception.IsTransient);
        Assert.False(exception.MayHaveBeenDelivered);
        Assert.Equal("SES", exception.Provider);
        Assert.IsType<HttpRequestException>(exception.InnerException);
    }

    [Fact]
    public async Task SendAsync_ServerNeverAnswers_TimesOutAsMayHaveBeenDelivered()
    {
        using var release = new CancellationTokenSource();
        await using var server = await ScriptedHttpServer.StartAsync(async (context, _) =>
        {
            // The whole request arrived; the answer never comes (until the test ends).
            await Task.Delay(Timeout.Infinite, release.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        var settings = SesHost.Settings(server.Url);
        settings["Email:AwsSes:Timeout"] = "1";
        await using var host = SesHost.Start(settings);

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => host.SendAsync(new EmailMessage("jane@example.com", "Hi", "<p>Hi</p>")));
        await release.CancelAsync();

        Assert.Equal(EmailSendFailure.Timeout, exception.Failure);
        Assert.True(exception.MayHaveBeenDelivered);
        Assert.False(exception.IsTransient);
        Assert.Contains("Email:AwsSes:Timeout", exception.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_ThrowsOperationCanceledUnwrapped()
    {
        using var release = new CancellationTokenSource();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await ScriptedHttpServer.StartAsync(async (context, _) =>
        {
            arrived.TrySetResult();
            await Task.Delay(Timeout.Infinite, release.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        await using var host = SesHost.Start(SesHost.Settings(server.Url));
        using var cancel = new CancellationTokenSource();

        var send = host.SendAsync(new EmailMessage("jane@example.com", "Hi", "<p>Hi</p>"), cancel.Token);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
        await release.CancelAsync();
    }

    [Fact]
    public async Task SendAsync_MoreThanFiftyRecipients_IsRefusedBeforeAnyRequest()
    {
        await using var server = await ScriptedHttpServer.StartAsync(ScriptedHttpServer.Answer(200, null, """{"MessageId":"x"}"""));
        await using var host = SesHost.Start(SesHost.Settings(server.Url));
        var message = new EmailMessage("jane@example.com", "Hi", "<p>Hi</p>");
        for (var i = 0; i < 50; i++)
        {
            message.Bcc.Add($"r{i}@example.com");
        }

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => host.SendAsync(message));

        Assert.Equal(EmailSendFailure.MessageRejected, exception.Failure);
        Assert.False(exception.IsTransient);
        Assert.Contains("at most 50 recipients", exception.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task SendAsync_SuccessWithoutMessageId_IsProtocolAndMayHaveBeenDelivered()
    {
        await using var server = await ScriptedHttpServer.StartAsync(ScriptedHttpServer.Answer(200, null, "<html>proxy</html>"));
        await using var host = SesHost.Start(SesHost.Settings(server.Url));

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => host.SendAsync(new EmailMessage("jane@example.com", "Hi", "<p>Hi</p>")));

        Assert.Equal(EmailSendFailure.Protocol, exception.Failure);
        Assert.True(exception.MayHaveBeenDelivered);
        Assert.False(exception.IsTransient);
    }

    [Fact]
    public void Parse_CodeFromHeaderBodyTypeOrAwsSesV2LocalType_IsTheBareCode()
    {
        Assert.Equal(("MessageRejected", "m"), SesFailure.Parse("MessageRejected:http://internal.amazon.com/coral/com.amazonaws.sesv2/", """{"message":"m"}"""));
        Assert.Equal(("ThrottlingException", "m"), SesFailure.Parse(null, """{"__type":"com.amazonaws.sesv2#ThrottlingException","Message":"m"}"""));
        Assert.Equal(("NotFoundException", "n"), SesFailure.Parse(null, """{"type":"NotFoundException","message":"n"}"""));
        Assert.Equal((null, "not json"), SesFailure.Parse(null, "not json"));
    }
}
