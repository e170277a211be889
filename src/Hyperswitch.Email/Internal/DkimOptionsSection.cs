using Hyperswitch.Email.Dkim;
using Microsoft.Extensions.Configuration;

namespace Hyperswitch.Email.Internal;

/// <summary><c>Email:Dkim</c> as the configuration-binding source generator binds it: <see cref="DkimOptions"/>' keys, the private key as a string.</summary>
/// <remarks>Every settable property of <see cref="DkimOptions"/> has one here (a test checks it).</remarks>
internal sealed class DkimOptionsSection
{
    public string? Domain { get; set; }

    public string? Selector { get; set; }

    public string? PrivateKey { get; set; }

    public string? PrivateKeyPath { get; set; }

    public string[]? HeadersToSign { get; set; }

    public void ApplyTo(DkimOptions options)
    {
        options.Domain = Domain ?? options.Domain;
        options.Selector = Selector ?? options.Selector;
        if (PrivateKey is { } privateKey)
        {
            options.PrivateKey = ConfiguredValues.Secret(privateKey);
        }

        options.PrivateKeyPath = PrivateKeyPath ?? options.PrivateKeyPath;
        options.HeadersToSign = HeadersToSign ?? options.HeadersToSign;
    }
}
