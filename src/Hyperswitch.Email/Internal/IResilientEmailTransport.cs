using Polly;

namespace Hyperswitch.Email.Internal;

/// <summary>A provider with resilience strategies of its own (SMTP's <c>Email:Smtp:Retry</c>), which the pipeline runs around each attempt.</summary>
internal interface IResilientEmailTransport
{
    /// <summary>Gets the strategies for the next send; read at every send, so that a configuration change applies.</summary>
    ResiliencePipeline Resilience { get; }
}
