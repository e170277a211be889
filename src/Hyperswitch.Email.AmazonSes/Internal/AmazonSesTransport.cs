using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.AmazonSes.Internal;

/// <summary>
/// The SES provider: sends a <see cref="PreparedEmail"/> as raw content through the SES v2 <c>SendEmail</c> API, from
/// <see cref="PreparedEmail.Sender"/> to <see cref="PreparedEmail.Recipients"/> (so <c>Bcc</c> is in the destination
/// only), signed with SigV4. One request per send, no retries: the pipeline and the caller decide. Thread-safe.
/// </summary>
internal sealed partial class AmazonSesTransport : IEmailTransport, IDisposable
{
    /// <summary>The name of the <see cref="HttpClient"/> that <see cref="IHttpClientFactory"/> gives for SES.</summary>
    public const string HttpClientName = "Hyperswitch.Email.AmazonSes";

    /// <summary>SES's limit on recipients of one message (To, Cc and Bcc together).</summary>
    public const int MaxRecipients = 50;

    /// <summary>SES's limit on the size of a message, attachments included.</summary>
    public const long MaxMessageBytes = 40L * 1024 * 1024;

    /// <summary>The largest response body read; a longer one is not SES's.</summary>
    private const int MaxResponseBytes = 64 * 1024;

    private readonly IHttpClientFactory _httpClients;
    private readonly IOptionsMonitor<AmazonSesOptions> _sesOptions;
    private readonly IOptionsMonitor<EmailOptions> _emailOptions;
    private readonly SesCredentials _credentials;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private SesSettings? _lastValid;

    public AmazonSesTransport(
        IHttpClientFactory httpClients,
        IOptionsMonitor<AmazonSesOptions> sesOptions,
        IOptionsMonitor<EmailOptions> emailOptions,
        AWSCredentials? credentials = null,
        TimeProvider? clock = null,
        ILogger<AmazonSesTransport>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClients);
        ArgumentNullException.ThrowIfNull(sesOptions);
        ArgumentNullException.ThrowIfNull(emailOptions);
        _httpClients = httpClients;
        _sesOptions = sesOptions;
        _emailOptions = emailOptions;
        _credentials = new SesCredentials(credentials);
        _clock = clock ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the provider's name, <c>SES</c>.</summary>
    public string Name => SesFailure.ProviderName;

    /// <inheritdoc />
    public async Task SendAsync(PreparedEmail email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        cancellationToken.ThrowIfCancellationRequested();
        var settings = Settings();
        if (email.Recipients.Count > MaxRecipients)
        {
            throw SesFailure.Refused($"Amazon SES accepts at most {MaxRecipients} recipients (To, Cc and Bcc together) per message; this one has {email.Recipients.Count}.");
        }

        if (Activity.Current is { } send && send.Source.Name == Diagnostics.EmailInstrumentation.ActivitySourceName)
        {
            // The pipeline's activity for this send, tagged like SMTP's.
            send.SetTag("server.address", settings.Endpoint.Host);
            send.SetTag("server.port", settings.Endpoint.Port);
        }

        var body = await RequestBodyAsync(email, cancellationToken).ConfigureAwait(false);
        var answer = await CallAsync(settings, HttpMethod.Post, "v2/email/outbound-emails", body, cancellationToken).ConfigureAwait(false);
        var sesMessageId = MessageIdOf(answer.Body);
        if (sesMessageId is null)
        {
            throw SesFailure.Unreadable(settings.Host, "a success without a MessageId", answer.RequestId);
        }

        Activity.Current?.AddEvent(new ActivityEvent("accepted"));
        LogAccepted(email.MessageId, sesMessageId, answer.RequestId ?? "none");
    }

    /// <summary>
    /// Reads the account (<c>GetAccount</c>): whether SES answers these credentials, and whether sending is enabled.
    /// Nothing is sent. For the health check.
    /// </summary>
    /// <returns>Whether sending is enabled for the account, and its 24-hour quota.</returns>
    public async Task<SesAccount> GetAccountAsync(CancellationToken cancellationToken = default)
    {
        var settings = Settings();
        var answer = await CallAsync(settings, HttpMethod.Get, "v2/email/account", body: null, cancellationToken).ConfigureAwait(false);
        try
        {
            using var json = JsonDocument.Parse(answer.Body);
            var root = json.RootElement;
            var enabled = root.TryGetProperty("SendingEnabled", out var sending) && sending.ValueKind == JsonValueKind.True;
            double? max = root.TryGetProperty("SendQuota", out var quota) && quota.TryGetProperty("Max24HourSend", out var m) && m.TryGetDouble(out var maxValue) ? maxValue : null;
            double? sent = root.TryGetProperty("SendQuota", out quota) && quota.TryGetProperty("SentLast24Hours", out var s) && s.TryGetDouble(out var sentValue) ? sentValue : null;
            return new SesAccount(enabled, max, sent, answer.RequestId);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            throw SesFailure.Unreadable(settings.Host, "an account that is not JSON", answer.RequestId);
        }
    }

    public void Dispose() => _credentials.Dispose();

    /// <summary>The current settings; an edited configuration that fails validation leaves the last valid one in use.</summary>
    private SesSettings Settings()
    {
        try
        {
            var settings = SesSettings.From(_sesOptions.CurrentValue, _emailOptions.CurrentValue);
            _lastValid = settings;
            return settings;
        }
        catch (OptionsValidationException exception) when (_lastValid is { } last)
        {
            LogOptionsRefused(exception);
            return last;
        }
    }

    private static async Task<byte[]> RequestBodyAsync(PreparedEmail email, CancellationToken cancellationToken)
    {
        using var mime = new MemoryStream(email.Content.Length);
        await email.WriteToAsync(mime, cancellationToken).ConfigureAwait(false);
        if (mime.Length > MaxMessageBytes)
        {
            throw SesFailure.Refused($"The message is {mime.Length} bytes; Amazon SES accepts at most {MaxMessageBytes / (1024 * 1024)} MB.");
        }

        using var json = new MemoryStream(checked((int)(mime.Length * 4 / 3) + 1024));
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteString("FromEmailAddress", email.Sender);
            writer.WriteStartObject("Destination");
            writer.WriteStartArray("ToAddresses");
            foreach (var recipient in email.Recipients)
            {
                writer.WriteStringValue(recipient);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteStartObject("Content");
            writer.WriteStartObject("Raw");
            writer.WriteBase64String("Data", mime.GetBuffer().AsSpan(0, (int)mime.Length));
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return json.ToArray();
    }

    /// <summary>One signed request within <c>Email:AwsSes:Timeout</c>, credentials included; a non-2xx answer is thrown as its <see cref="EmailSendException"/>.</summary>
    private async Task<(string Body, string? RequestId)> CallAsync(SesSettings settings, HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeout);
        var content = body is null ? null : new SesRequestContent(body);
        try
        {
            ImmutableCredentials credentials;
            try
            {
                credentials = await _credentials.GetAsync(settings, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is AmazonClientException or AmazonServiceException or HttpRequestException or IOException)
            {
                // STS or the credential chain failed (STS unreachable included): nothing was sent to SES.
                throw SesFailure.Credentials(exception, settings);
            }

            using var request = Sign(settings, method, settings.Api(path), content, body, credentials);
            var client = _httpClients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            var requestId = Header(response, "x-amzn-RequestId") ?? Header(response, "x-amz-request-id");
            var (text, complete) = await ReadBoundedAsync(response.Content, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw SesFailure.FromResponse(response.StatusCode, Header(response, "x-amzn-ErrorType"), requestId, text, settings.Host);
            }

            if (!complete)
            {
                throw SesFailure.Unreadable(settings.Host, $"a success with a body over {MaxResponseBytes / 1024} KiB", requestId);
            }

            return (text, requestId);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The deadline, not the caller: a timeout. Once the whole request went out, SES may have the message.
            throw SesFailure.Timeout(settings.Host, settings.Timeout, content?.Written == true, exception);
        }
        catch (HttpRequestException exception)
        {
            throw SesFailure.Network(settings.Host, exception, content?.Written == true);
        }
    }

    private HttpRequestMessage Sign(SesSettings settings, HttpMethod method, Uri uri, SesRequestContent? content, byte[]? body, ImmutableCredentials credentials)
    {
        var signedAt = _clock.GetUtcNow().UtcDateTime;
        var amzDate = SigV4.AmzDate(signedAt);
        var headers = new List<KeyValuePair<string, string>>
        {
            new("host", settings.Host),
            new("x-amz-date", amzDate),
        };
        if (content is not null)
        {
            headers.Add(new("content-type", content.Headers.ContentType!.ToString()));
        }

        if (credentials.UseToken)
        {
            headers.Add(new("x-amz-security-token", credentials.Token));
        }

        var authorization = SigV4.Authorization(
            method.Method,
            uri,
            headers,
            SigV4.PayloadHash(body ?? []),
            credentials,
            settings.Region,
            SesSettings.SigningService,
            signedAt);

        var request = new HttpRequestMessage(method, uri) { Content = content, Version = new Version(1, 1) };
        request.Headers.Host = settings.Host;
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        if (credentials.UseToken)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.Token);
        }

        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private static async Task<(string Text, bool Complete)> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxResponseBytes + 1];
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            var complete = read <= MaxResponseBytes;
            return (Encoding.UTF8.GetString(buffer, 0, Math.Min(read, MaxResponseBytes)), complete);
        }
    }

    private static string? MessageIdOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("MessageId", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    [LoggerMessage(EventId = 40, EventName = "EmailAcceptedBySes", Level = LogLevel.Debug,
        Message = "Amazon SES accepted email {MessageId} as {SesMessageId} (request {RequestId})")]
    private partial void LogAccepted(string messageId, string sesMessageId, string requestId);

    [LoggerMessage(EventId = 7, EventName = "EmailOptionsRefused", Level = LogLevel.Error,
        Message = "The changed email configuration is invalid and was not applied; the previous one stays in use")]
    private partial void LogOptionsRefused(Exception exception);
}
