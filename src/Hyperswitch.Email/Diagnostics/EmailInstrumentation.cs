namespace Hyperswitch.Email.Diagnostics;

/// <summary>
/// The names to subscribe to, for example with OpenTelemetry:
/// <c>metrics.AddMeter(EmailInstrumentation.MeterName)</c> and <c>tracing.AddSource(EmailInstrumentation.ActivitySourceName)</c>.
/// </summary>
public static class EmailInstrumentation
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/>: <c>Hyperswitch.Email</c>.</summary>
    public const string MeterName = EmailTelemetry.Name;

    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/>: <c>Hyperswitch.Email</c>.</summary>
    public const string ActivitySourceName = EmailTelemetry.Name;
}
