namespace SignupFlows;

/// <summary>The <c>App</c> section: where the links in emails point.</summary>
internal sealed class AppOptions
{
    /// <summary>The public URL of the app, ending with <c>/</c> (<c>App:BaseUrl</c>), for example <c>https://shop.example/</c>.</summary>
    /// <remarks>Configured, never taken from the request's Host header: a forged Host would put an attacker's site in reset links.</remarks>
    public Uri? BaseUrl { get; set; }
}
