using Hyperswitch.Email.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Extension methods for adding the Hyperswitch.Email health check to an <see cref="IHealthChecksBuilder"/>.</summary>
public static class EmailHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a health check of the SMTP server that <c>AddSmtpEmail</c> (or <c>AddEmail</c>) configured: connect, TLS,
    /// optional AUTH, NOOP and QUIT within <c>Email:Smtp:Timeout</c>.
    /// </summary>
    /// <param name="builder">The <see cref="IHealthChecksBuilder"/>.</param>
    /// <param name="name">The name of the check.</param>
    /// <param name="failureStatus">The status to report when the server cannot be used; <see langword="null"/> for <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter the check by, for example <c>ready</c>.</param>
    /// <param name="timeout">How long the whole check may take; <see langword="null"/> for the default.</param>
    /// <returns>The <see cref="IHealthChecksBuilder"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or white space.</exception>
    public static IHealthChecksBuilder AddSmtpEmail(
        this IHealthChecksBuilder builder,
        string name = "smtp",
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return builder.Add(new HealthCheckRegistration(
            name,
            provider => ActivatorUtilities.CreateInstance<SmtpHealthCheck>(provider),
            failureStatus,
            tags,
            timeout));
    }
}
