using Hyperswitch.Email.Smtp;
using Microsoft.Extensions.Configuration;

namespace Hyperswitch.Email.Internal;

/// <summary>
/// <c>Email:Smtp</c> as the configuration-binding source generator binds it: <see cref="SmtpOptions"/>' keys, with
/// strings where a <c>TypeConverter</c> used to convert (<see cref="Connection"/>, the credentials), and every value
/// nullable, so that only the keys configuration has are applied.
/// </summary>
/// <remarks>Every settable property of <see cref="SmtpOptions"/> has one here (a test checks it), or its key would fail as unknown.</remarks>
internal sealed class SmtpOptionsSection
{
    public string? Host { get; set; }

    public int? Port { get; set; }

    public int? Timeout { get; set; }

    public string? Connection { get; set; }

    public SmtpAuthentication? Authentication { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    public bool? AllowPlaintextAuthentication { get; set; }

    public string? TrustedCertificateThumbprint { get; set; }

    public SmtpPoolingOptions? Pooling { get; set; }

    public SmtpRetryOptions? Retry { get; set; }

    public SmtpOptionsSection? Failover { get; set; }

    /// <summary>Binds <paramref name="section"/> onto <paramref name="options"/>, failing on a key they do not have.</summary>
    /// <exception cref="InvalidOperationException">A key is unknown, or a value does not convert; the message names it.</exception>
    public static void Bind(IConfiguration section, SmtpOptions options)
    {
        var bound = Over(options);
        section.Bind(bound, binder => binder.ErrorOnUnknownConfiguration = true);
        bound.ApplyTo(options, section);
    }

    // The nested options bind into the instances the options already have, as the reflection binder did.
    private static SmtpOptionsSection Over(SmtpOptions options) => new()
    {
        Pooling = options.Pooling,
        Retry = options.Retry,
        Failover = options.Failover is { } failover ? Over(failover) : null,
    };

    private void ApplyTo(SmtpOptions options, IConfiguration section)
    {
        options.Host = Host ?? options.Host;
        options.Port = Port ?? options.Port;
        options.Timeout = Timeout ?? options.Timeout;
        if (Connection is { } connection)
        {
            options.Connection = ConfiguredValues.Connection(connection, ConfiguredValues.PathOf(section, nameof(Connection)));
        }

        options.Authentication = Authentication ?? options.Authentication;
        if (Username is { } username)
        {
            options.Username = ConfiguredValues.Secret(username);
        }

        if (Password is { } password)
        {
            options.Password = ConfiguredValues.Secret(password);
        }

        options.AllowPlaintextAuthentication = AllowPlaintextAuthentication ?? options.AllowPlaintextAuthentication;
        options.TrustedCertificateThumbprint = TrustedCertificateThumbprint ?? options.TrustedCertificateThumbprint;
        options.Pooling = Pooling ?? options.Pooling;
        options.Retry = Retry ?? options.Retry;
        if (Failover is { } failover)
        {
            options.Failover ??= new SmtpOptions();
            failover.ApplyTo(options.Failover, section.GetSection(nameof(Failover)));
        }
    }
}
