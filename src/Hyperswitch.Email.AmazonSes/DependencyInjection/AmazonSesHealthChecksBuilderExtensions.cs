using Hyperswitch.Email.AmazonSes.Internal;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Extension methods for adding the Amazon SES health check to an <see cref="IHealthChecksBuilder"/>.</summary>
public static class AmazonSesHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a health check of the Amazon SES provider that <c>AddAmazonSes</c> registered: SES's <c>GetAccount</c>,
    /// signed with the configured credentials (the assumed role included) within <c>Email:AwsSes:Timeout</c>. Healthy
    /// when SES answers and sending is enabled for the account; nothing is sent.
    /// </summary>
    /// <param name="builder">The <see cref="IHealthChecksBuilder"/>.</param>
    /// <param name="name">The name of the check.</param>
    /// <param name="failureStatus">The status to report when SES cannot be used; <see langword="null"/> for <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter the check by, for example <c>ready</c>.</param>
    /// <param name="timeout">How long the whole check may take; <see langword="null"/> for the default.</param>
    /// <returns>The <see cref="IHealthChecksBuilder"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or white space.</exception>
    public static IHealthChecksBuilder AddAmazonSes(
        this IHealthChecksBuilder builder,
        string name = "ses",
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return builder.Add(new HealthCheckRegistration(
            name,
            provider => ActivatorUtilities.CreateInstance<AmazonSesHealthCheck>(provider),
            failureStatus,
            tags,
            timeout));
    }
}
