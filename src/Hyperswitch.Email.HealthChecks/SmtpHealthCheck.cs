using Hyperswitch.Email.Smtp;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hyperswitch.Email.HealthChecks;

/// <summary>Healthy when the configured SMTP server accepts a connection, TLS and authentication as configured, NOOP and QUIT.</summary>
internal sealed class SmtpHealthCheck(SmtpServer server) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await server.CheckConnectionAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("The SMTP server accepted a connection.");
        }
        catch (EmailSendException exception)
        {
            // The exception's message names the server, the stage and the reply; it never holds a secret.
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                exception.Message,
                exception,
                new Dictionary<string, object>
                {
                    ["failure"] = exception.Failure.ToString(),
                    ["transient"] = exception.IsTransient,
                    ["smtpStatusCode"] = exception.SmtpStatusCode ?? 0,
                });
        }
    }
}
