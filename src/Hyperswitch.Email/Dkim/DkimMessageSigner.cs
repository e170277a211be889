using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.OpenSsl;

namespace Hyperswitch.Email.Dkim;

/// <summary>Signs complete messages with MimeKit's <see cref="DkimSigner"/>; the key is loaded once per options change.</summary>
internal sealed class DkimMessageSigner
{
    private readonly DkimSigner _signer;
    private readonly string[] _headers;

    private DkimMessageSigner(DkimSigner signer, string[] headers)
    {
        _signer = signer;
        _headers = headers;
    }

    /// <summary>Loads the key and checks it; returns the signer, or why it cannot sign.</summary>
    public static (DkimMessageSigner? Signer, string? Problem) TryCreate(DkimOptions options)
    {
        AsymmetricKeyParameter key;
        try
        {
            var pem = options.PrivateKey?.Expose() ?? File.ReadAllText(options.PrivateKeyPath!);
            key = ReadPrivateKey(pem);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or PemException or InvalidOperationException or ArgumentException)
        {
            // The exception text may quote the file's content: say only what kind of problem it is.
            return (null, $"Email:Dkim:{(options.PrivateKey is null ? "PrivateKeyPath" : "PrivateKey")} does not hold a readable PEM private key ({exception.GetType().Name}).");
        }

        DkimSignatureAlgorithm algorithm;
        switch (key)
        {
            case RsaPrivateCrtKeyParameters rsa when rsa.Modulus.BitLength < 1024:
                return (null, $"Email:Dkim private key is RSA with {rsa.Modulus.BitLength} bits: DKIM needs at least 1024 (2048 recommended).");
            case RsaKeyParameters:
                algorithm = DkimSignatureAlgorithm.RsaSha256;
                break;
            case Ed25519PrivateKeyParameters:
                algorithm = DkimSignatureAlgorithm.Ed25519Sha256;
                break;
            default:
                return (null, $"Email:Dkim private key is a {key.GetType().Name}: use an RSA (at least 1024 bits) or Ed25519 key.");
        }

        var signer = new DkimSigner(key, options.Domain.Trim(), options.Selector.Trim(), algorithm)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        };
        var names = options.HeadersToSign is { Length: > 0 } chosen ? chosen : DkimOptions.DefaultHeadersToSign;
        var headers = names.Select(name => name.Trim()).Where(name => name.Length > 0).Prepend("From").Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        return (new DkimMessageSigner(signer, headers), null);
    }

    /// <summary>Signs <paramref name="message"/>, which must be complete: nothing may change it afterwards.</summary>
    public void Sign(MimeMessage message)
    {
        // 7-bit transfer encodings now, so that no relay (nor MailKit, for a server without 8BITMIME) re-encodes the
        // body after signing and breaks the signature.
        message.Prepare(EncodingConstraint.SevenBit);
        _signer.Sign(message, _headers);
    }

    private static AsymmetricKeyParameter ReadPrivateKey(string pem)
    {
        using var reader = new StringReader(pem);
        return new PemReader(reader).ReadObject() switch
        {
            AsymmetricCipherKeyPair pair => pair.Private,
            AsymmetricKeyParameter { IsPrivate: true } key => key,
            _ => throw new InvalidOperationException("No private key in the PEM text."),
        };
    }
}
