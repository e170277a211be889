using System.Security.Cryptography;
using Hyperswitch.Email.Suppressions.Internal;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Hyperswitch.Email.Suppressions.AspNetCore.Internal;

/// <summary>The token of an unsubscribe link: the address and the stream, encrypted and signed by Data Protection with an expiry.</summary>
internal sealed class UnsubscribeTokens : IEmailUnsubscribeLinks
{
    private const string Purpose = "Hyperswitch.Email.Suppressions.Unsubscribe.v1";
    private readonly ITimeLimitedDataProtector _protector;
    private readonly IOptionsMonitor<EmailUnsubscribeOptions> _options;
    private readonly TimeProvider _clock;

    public UnsubscribeTokens(IDataProtectionProvider protection, IOptionsMonitor<EmailUnsubscribeOptions> options, TimeProvider? clock = null)
    {
        _protector = protection.CreateProtector(Purpose).ToTimeLimitedDataProtector();
        _options = options;
        _clock = clock ?? TimeProvider.System;
    }

    public Uri AddUnsubscribe(EmailMessage message, string stream)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.To.Count != 1 || message.Cc.Count != 0 || message.Bcc.Count != 0)
        {
            throw new ArgumentException("A message with an unsubscribe link has exactly one recipient, in To: the link unsubscribes that address.", nameof(message));
        }

        var normalizedStream = EmailStreams.Validate(stream, nameof(stream));
        var address = message.To[0].Address;
        var token = Protect(address, normalizedStream);
        var url = Url(token);
        var options = _options.CurrentValue;
        message.WithStream(normalizedStream);
        message.Headers["List-Unsubscribe"] = options.MailtoAddress is { Length: > 0 } mailto
            ? $"<{url.AbsoluteUri}>, <mailto:{mailto}?subject=unsubscribe%20{token}>"
            : $"<{url.AbsoluteUri}>";
        message.Headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
        return url;
    }

    public Uri CreateUrl(string address, string stream) =>
        Url(Protect(address, EmailStreams.Validate(stream, nameof(stream))));

    /// <summary>Reads a token; <see langword="false"/> when it is forged, damaged or expired.</summary>
    public bool TryRead(string? token, out string address, out string stream)
    {
        address = stream = string.Empty;
        if (string.IsNullOrEmpty(token) || token.Length > 2048)
        {
            return false;
        }

        try
        {
            var plain = _protector.Unprotect(token, out _);
            var separator = plain.IndexOf('\n', StringComparison.Ordinal);
            if (separator <= 0)
            {
                return false;
            }

            address = plain[..separator];
            stream = plain[(separator + 1)..];
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private string Protect(string address, string stream)
    {
        var normalized = EmailAddressNormalizer.Normalize(address, nameof(address));
        return _protector.Protect($"{normalized}\n{stream}", _clock.GetUtcNow() + _options.CurrentValue.TokenLifetime);
    }

    private Uri Url(string token)
    {
        var options = _options.CurrentValue;
        var baseUrl = options.BaseUrl ?? throw new InvalidOperationException($"{EmailUnsubscribeOptions.SectionName}:BaseUrl is not set.");
        // Under the base URL's path, as the endpoint is under the app's path base: https://shop.example/app with
        // "/email/unsubscribe" is https://shop.example/app/email/unsubscribe, not https://shop.example/email/unsubscribe.
        var root = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        var endpoint = new Uri(root, options.Path.TrimStart('/'));
        return new Uri(QueryHelpers.AddQueryString(endpoint.AbsoluteUri, "token", token));
    }
}
