using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.Runtime;

namespace Hyperswitch.Email.AmazonSes.Internal;

/// <summary>
/// Maps what SES answers, and what the network and STS throw, to an <see cref="EmailSendException"/> that says what
/// failed and whether to try again, with <see cref="EmailSendException.Provider"/> <c>SES</c>, SES's error code in
/// <see cref="EmailSendException.ProviderErrorCode"/> and its request id in the message and in
/// <c>Exception.Data["AwsRequestId"]</c>. SES's text is kept short and its email addresses masked.
/// </summary>
internal static partial class SesFailure
{
    /// <summary>The provider name, as <c>Email:ActiveEmailClient</c> names it.</summary>
    public const string ProviderName = "SES";

    /// <summary>The key of the SES request id in <see cref="Exception.Data"/>.</summary>
    public const string RequestIdKey = "AwsRequestId";

    /// <summary>The most of SES's own text kept in a message.</summary>
    private const int MaxText = 300;

    /// <summary>An error response of the SES v2 API (REST-JSON): the code from <c>x-amzn-ErrorType</c> or the body.</summary>
    public static EmailSendException FromResponse(HttpStatusCode status, string? errorTypeHeader, string? requestId, string body, string endpoint)
    {
        var (code, text) = Parse(errorTypeHeader, body);
        var statusCode = (int)status;
        var (failure, transient, what) = Classify(code, statusCode);
        var message = $"Amazon SES ({endpoint}) {what}: {code ?? "no error code"} (HTTP {statusCode}){(text is null ? string.Empty : $" {Scrub(text)}")}{RequestIdNote(requestId)}.{(transient ? " The failure is temporary." : string.Empty)}";
        return WithRequestId(new EmailSendException(failure, transient, message)
        {
            Provider = ProviderName,
            ProviderErrorCode = code,
        }, requestId);
    }

    /// <summary>SES did not answer within <c>Email:AwsSes:Timeout</c>.</summary>
    public static EmailSendException Timeout(string endpoint, TimeSpan timeout, bool requestSent, Exception inner) => new(
        EmailSendFailure.Timeout,
        isTransient: !requestSent,
        $"Amazon SES ({endpoint}) did not answer within Email:AwsSes:Timeout ({timeout.TotalSeconds:0} s).{AmbiguityNote(requestSent)}",
        innerException: inner)
    {
        Provider = ProviderName,
        MayHaveBeenDelivered = requestSent,
    };

    /// <summary>
    /// The request failed on the network: no connection could be made (nothing was sent: transient), or the
    /// connection failed later, which is ambiguous once the whole request was sent.
    /// </summary>
    public static EmailSendException Network(string endpoint, HttpRequestException exception, bool requestSent)
    {
        var refused = exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            || exception.InnerException is SocketException;
        var ambiguous = requestSent && !refused;
        var tls = exception.HttpRequestError == HttpRequestError.SecureConnectionError;
        return new EmailSendException(
            refused ? EmailSendFailure.Connect : tls ? EmailSendFailure.Tls : EmailSendFailure.Protocol,
            isTransient: !ambiguous && !tls,
            refused
                ? $"Could not connect to Amazon SES ({endpoint}): {Scrub(exception.Message)}"
                : $"The request to Amazon SES ({endpoint}) failed: {Scrub(exception.Message)}{AmbiguityNote(ambiguous)}",
            innerException: exception)
        {
            Provider = ProviderName,
            MayHaveBeenDelivered = ambiguous,
        };
    }

    /// <summary>SES answered 2xx with a body that is not its answer, or a body over the size bound.</summary>
    public static EmailSendException Unreadable(string endpoint, string why, string? requestId) => WithRequestId(new EmailSendException(
        EmailSendFailure.Protocol,
        isTransient: false,
        $"Amazon SES ({endpoint}) answered in a way its API does not: {why}{RequestIdNote(requestId)}.{AmbiguityNote(true)}")
    {
        Provider = ProviderName,
        MayHaveBeenDelivered = true,
    }, requestId);

    /// <summary>The message cannot be sent through SES as it is: refused before any request.</summary>
    public static EmailSendException Refused(string why) => new(EmailSendFailure.MessageRejected, isTransient: false, $"{why} Nothing was sent.")
    {
        Provider = ProviderName,
    };

    /// <summary>No credentials were found, or STS did not give the role's: nothing was sent.</summary>
    public static EmailSendException Credentials(Exception exception, SesSettings settings)
    {
        var service = exception as AmazonServiceException;
        var transient = service is not null
            && ((int)service.StatusCode >= 500 || service.StatusCode == HttpStatusCode.TooManyRequests || service.ErrorCode is "Throttling" or "ThrottlingException" or "RequestLimitExceeded");
        var network = service is null
            && (exception is HttpRequestException or IOException || exception.InnerException is HttpRequestException or IOException or TaskCanceledException or TimeoutException);
        var where = settings.RoleArn is null
            ? "No AWS credentials were found for Amazon SES (environment variables, shared profile, web identity, container or instance role)"
            : $"STS did not give the credentials of the role Email:AwsSes:EmailRoleArn '{settings.RoleArn}' (session '{settings.RoleSessionName}')";
        var code = service?.ErrorCode;
        return WithRequestId(new EmailSendException(
            network ? EmailSendFailure.Connect : EmailSendFailure.Authentication,
            transient || network,
            $"{where}: {(code is null ? string.Empty : code + ": ")}{Scrub(exception.Message)}{RequestIdNote(service?.RequestId)}. Nothing was sent.",
            innerException: exception)
        {
            Provider = ProviderName,
            ProviderErrorCode = code,
        }, service?.RequestId);
    }

    /// <summary>The error code and message of an SES error body; the header's code wins, as AWS's SDKs read it.</summary>
    internal static (string? Code, string? Message) Parse(string? errorTypeHeader, string body)
    {
        string? code = Code(errorTypeHeader);
        string? text = null;
        if (body.Length > 0)
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                if (json.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in json.RootElement.EnumerateObject())
                    {
                        if (property.Value.ValueKind != JsonValueKind.String)
                        {
                            continue;
                        }

                        var value = property.Value.GetString();
                        if (property.NameEquals("message") || property.NameEquals("Message"))
                        {
                            text = value;
                        }
                        else if (code is null && (property.NameEquals("__type") || property.NameEquals("code") || property.NameEquals("Code") || property.NameEquals("type")))
                        {
                            code = Code(value);
                        }
                    }
                }
            }
            catch (JsonException)
            {
                text = body;
            }
        }

        return (code, text);
    }

    private static (EmailSendFailure Failure, bool Transient, string What) Classify(string? code, int status) => code switch
    {
        "TooManyRequestsException" or "LimitExceededException" or "Throttling" or "ThrottlingException"
            => (EmailSendFailure.Throttled, true, "refused the message for now: the sender is over its sending rate or quota"),
        "MessageRejected" or "BadRequestException" or "InvalidParameterValue" or "SerializationException"
            => (EmailSendFailure.MessageRejected, false, "refused the message"),
        "MailFromDomainNotVerifiedException" or "MailFromDomainNotVerified" or "FromEmailAddressNotVerified"
            => (EmailSendFailure.SenderRejected, false, "refused the sender: its identity or MAIL FROM domain is not verified"),
        "SendingPausedException" or "AccountSendingPausedException" or "AccountSuspendedException" or "ConfigurationSetSendingPausedException"
            => (EmailSendFailure.SenderRejected, false, "refused the message: sending is paused for the account"),
        "ExpiredTokenException" or "RequestExpired"
            => (EmailSendFailure.Authentication, true, "refused the request's signature as expired"),
        "AccessDeniedException" or "UnrecognizedClientException" or "InvalidSignatureException" or "SignatureDoesNotMatch"
            or "IncompleteSignatureException" or "MissingAuthenticationTokenException" or "InvalidClientTokenId" or "NotAuthorized"
            => (EmailSendFailure.Authentication, false, "refused the credentials"),
        _ when status == 429 => (EmailSendFailure.Throttled, true, "refused the message for now: the sender is over its sending rate or quota"),
        _ when status is 401 or 403 => (EmailSendFailure.Authentication, false, "refused the credentials"),
        _ when status >= 500 => (EmailSendFailure.Unknown, true, "failed"),
        _ when status == 404 => (EmailSendFailure.Unknown, false, "does not know the requested resource"),
        _ => (EmailSendFailure.Unknown, false, "refused the request"),
    };

    /// <summary><c>MessageRejected:http://internal.amazon.com/coral/...</c> and <c>com.amazon...#MessageRejected</c> both mean <c>MessageRejected</c>.</summary>
    private static string? Code(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var code = raw.Trim();
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            code = code[..colon];
        }

        var hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        return code.Length is > 0 and <= 100 && CodeChars().IsMatch(code) ? code : null;
    }

    /// <summary>SES's text as it may be shown: one line, at most <see cref="MaxText"/> characters, addresses masked (<c>j***@example.com</c>).</summary>
    internal static string Scrub(string text)
    {
        var line = ControlChars().Replace(text, " ").Trim();
        line = Address().Replace(line, match => $"{match.Groups["first"].Value}***@{match.Groups["domain"].Value}");
        return line.Length <= MaxText ? line : string.Concat(line.AsSpan(0, MaxText), "…");
    }

    private static string RequestIdNote(string? requestId) => string.IsNullOrEmpty(requestId) ? string.Empty : $" (SES request id {requestId})";

    private static string AmbiguityNote(bool requestSent) => requestSent
        ? " The whole request had been sent: SES may have accepted the message, so it is not retried; check for its Message-ID before sending it again."
        : string.Empty;

    private static EmailSendException WithRequestId(EmailSendException exception, string? requestId)
    {
        if (!string.IsNullOrEmpty(requestId))
        {
            exception.Data[RequestIdKey] = requestId;
        }

        return exception;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.]+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CodeChars();

    [GeneratedRegex(@"[\p{Cc}\p{Cf}]+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ControlChars();

    [GeneratedRegex(@"(?<first>[^\s@<>""'(),;:]?)[^\s@<>""'(),;:]*@(?<domain>[A-Za-z0-9.-]+)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Address();
}
