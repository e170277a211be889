using System.Net.Security;
using Hyperswitch.Email.Internal;
using Polly;
using Polly.Retry;

namespace Hyperswitch.Email.Smtp;

/// <summary>
/// What one send needs from <see cref="SmtpOptions"/>, worked out once per options change (the endpoints and the retry
/// pipeline built here, not per message) and immutable, so that a send in flight is not affected by a change.
/// </summary>
internal sealed class SmtpSettings
{
    private SmtpSettings(SmtpOptions options, ResiliencePipeline retry, Action<Exception> onCloseFailed, ISmtpAccessTokenSource? tokens, RemoteCertificateValidationCallback? certificateValidation)
    {
        Options = options;
        Primary = new SmtpEndpoint(options, certificateValidation) { AccessTokenSource = tokens };
        Failover = options.Failover is { } failover ? new SmtpEndpoint(failover, certificateValidation) { AccessTokenSource = tokens } : null;
        Retry = retry;

        // Last: the pool starts a timer, and nothing may throw after it exists.
        Pool = options.Pooling is { Enabled: true } pooling ? new SmtpConnectionPool(Primary, pooling, onCloseFailed) : null;
    }

    /// <summary>The options these settings were made from; a different instance means the options changed.</summary>
    public SmtpOptions Options { get; }

    public SmtpEndpoint Primary { get; }

    public SmtpEndpoint? Failover { get; }

    /// <summary>The pool of connections to the primary server, or <see langword="null"/> when each send opens its own.</summary>
    public SmtpConnectionPool? Pool { get; }

    /// <summary>Retries transient failures that certainly did not deliver the message; <see cref="ResiliencePipeline.Empty"/> when off.</summary>
    public ResiliencePipeline Retry { get; }

    /// <summary>Creates the settings from options that have passed validation.</summary>
    /// <param name="options">The validated options.</param>
    /// <param name="onRetry">Called before each retry, to log it.</param>
    /// <param name="onCloseFailed">Called when closing a pooled connection fails, to log it.</param>
    /// <param name="tokens">The OAuth2 token source, if the application registered one.</param>
    /// <param name="certificateValidation">The application's certificate validation callback, if it set one.</param>
    /// <exception cref="EmailParseException">The sender address does not parse (possible only when validation was bypassed).</exception>
    public static SmtpSettings Create(SmtpOptions options, Func<OnRetryArguments<object>, ValueTask> onRetry, Action<Exception> onCloseFailed, ISmtpAccessTokenSource? tokens, RemoteCertificateValidationCallback? certificateValidation = null)
    {
        var retry = options.Retry is { MaxRetries: > 0 } retryOptions
            ? new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<EmailSendException>(IsSafeToRetry),
                    MaxRetryAttempts = retryOptions.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = retryOptions.BaseDelay,
                    MaxDelay = retryOptions.MaxDelay,
                    OnRetry = onRetry,
                })
                .Build()
            : ResiliencePipeline.Empty;
        return new SmtpSettings(options, retry, onCloseFailed, tokens, certificateValidation);
    }

    /// <summary>
    /// Only a failure after which the server certainly does not have the message may be sent again; not a refusal of
    /// the rate limit, which has waited its bound already (Email:RateLimit:MaxWait).
    /// </summary>
    internal static bool IsSafeToRetry(EmailSendException exception) =>
        exception.IsTransient && !exception.MayHaveBeenDelivered && exception.Failure != EmailSendFailure.RateLimited;
}
