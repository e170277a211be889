using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hyperswitch.Email.AmazonSes.Internal;

/// <summary>Healthy when SES answers <c>GetAccount</c> with the configured credentials and sending is enabled for the account. Nothing is sent.</summary>
internal sealed class AmazonSesHealthCheck(AmazonSesTransport transport) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var account = await transport.GetAccountAsync(cancellationToken).ConfigureAwait(false);
            var data = new Dictionary<string, object> { ["sendingEnabled"] = account.SendingEnabled };
            if (account.Max24HourSend is { } max)
            {
                data["max24HourSend"] = max;
            }

            if (account.SentLast24Hours is { } sent)
            {
                data["sentLast24Hours"] = sent;
            }

            return account.SendingEnabled
                ? HealthCheckResult.Healthy("Amazon SES accepted the credentials; sending is enabled.", data)
                : new HealthCheckResult(context.Registration.FailureStatus, "Amazon SES accepted the credentials, but sending is paused for the account.", data: data);
        }
        catch (EmailSendException exception)
        {
            // The message names the endpoint, SES's code and request id; it never holds a secret.
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                exception.Message,
                exception,
                new Dictionary<string, object>
                {
                    ["failure"] = exception.Failure.ToString(),
                    ["transient"] = exception.IsTransient,
                    ["providerErrorCode"] = exception.ProviderErrorCode ?? string.Empty,
                    ["requestId"] = Convert.ToString(exception.Data[SesFailure.RequestIdKey], CultureInfo.InvariantCulture) ?? string.Empty,
                });
        }
    }
}
