namespace Hyperswitch.Email.Smtp;

/// <summary>
/// Opt-in reuse of SMTP connections for bulk sending (<c>Email:Smtp:Pooling</c>). Off by default: each send then opens
/// its own connection, as Hyperswitch does.
/// </summary>
/// <remarks>
/// A pooled connection carries at most <see cref="MaxMessagesPerConnection"/> messages and is closed after
/// <see cref="IdleTimeout"/> without use (providers close idle connections after about ten seconds). A connection the
/// server dropped is replaced and the message sent again on a fresh one, unless the server may already have it.
/// When the options change, the pool is drained and rebuilt; it is closed with the service provider.
/// </remarks>
public sealed class SmtpPoolingOptions
{
    /// <summary>Gets or sets a value indicating whether connections are reused (<c>Email:Smtp:Pooling:Enabled</c>).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets the most connections open at once (<c>Email:Smtp:Pooling:MaxConnections</c>), from 1 to 100; further sends wait for one.</summary>
    /// <value>The default is 4.</value>
    public int MaxConnections { get; set; } = 4;

    /// <summary>Gets or sets how many messages one connection carries before it is closed (<c>Email:Smtp:Pooling:MaxMessagesPerConnection</c>), from 1 to 10000.</summary>
    /// <value>The default is 100.</value>
    public int MaxMessagesPerConnection { get; set; } = 100;

    /// <summary>Gets or sets how long an unused connection stays open (<c>Email:Smtp:Pooling:IdleTimeout</c>).</summary>
    /// <value>The default is 5 seconds, below the ten seconds after which many providers close an idle connection.</value>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
