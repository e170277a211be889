using System.Text;
using System.Text.RegularExpressions;
using Hyperswitch.Email.Internal;

namespace Hyperswitch.Email.Smtp;

/// <summary>
/// Makes the server's reply text safe for an exception message or a log: a hostile or careless server may echo the
/// credentials (the AUTH PLAIN argument, the LOGIN password's base64, the decoded password, the OAuth2 token) or quote
/// the recipient's address. The reply code and the enhanced status code (<c>5.7.8</c>) are kept.
/// </summary>
/// <remarks>
/// In order: control characters become spaces (runs of spaces one); the connection's secrets (and their base64 forms) become
/// <c>[redacted]</c>; email addresses are masked as in the logs (<c>j***@example.com</c>); base64-looking runs
/// (16 or more characters of the base64 alphabet with a digit, <c>+</c>, <c>/</c>, padding or mixed case, or 8 or more
/// ending in padding) become <c>[redacted]</c>; the result is cut at <see cref="MaxLength"/> characters.
/// </remarks>
internal sealed partial class ServerTextScrubber
{
    /// <summary>The longest scrubbed text; a reply is rarely a tenth of it.</summary>
    public const int MaxLength = 300;

    private const string Redacted = "[redacted]";

    /// <summary>Secrets shorter than this are not searched for: they would match ordinary words.</summary>
    private const int MinSecretLength = 4;

    private readonly string[] _secrets;

    private ServerTextScrubber(IEnumerable<string> secrets) =>
        _secrets = secrets.Where(s => s.Length >= MinSecretLength).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length).ToArray();

    /// <summary>Gets a scrubber that knows no secret (it still masks addresses and base64-looking runs).</summary>
    public static ServerTextScrubber Default { get; } = new([]);

    /// <summary>A scrubber for a connection to <paramref name="endpoint"/> that knows its credentials and <paramref name="accessToken"/>.</summary>
    public static ServerTextScrubber For(SmtpEndpoint endpoint, string? accessToken)
    {
        var secrets = new List<string>();
        var user = endpoint.UserName;
        if (endpoint.Password?.Expose() is { Length: > 0 } password)
        {
            AddWithBase64(secrets, password);
            if (user is not null)
            {
                // AUTH PLAIN's argument, without and with an authorization identity.
                AddWithBase64(secrets, $"\0{user}\0{password}");
                AddWithBase64(secrets, $"{user}\0{user}\0{password}");
            }
        }

        if (accessToken is { Length: > 0 })
        {
            AddWithBase64(secrets, accessToken);
            if (user is not null)
            {
                AddWithBase64(secrets, $"user={user}\u0001auth=Bearer {accessToken}\u0001\u0001");
            }
        }

        if (user is not null)
        {
            AddWithBase64(secrets, user);
        }

        return new ServerTextScrubber(secrets);
    }

    /// <summary>Returns <paramref name="text"/> scrubbed.</summary>
    public string Scrub(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var scrubbed = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            scrubbed.Append(char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c);
        }

        foreach (var secret in _secrets)
        {
            scrubbed.Replace(secret, Redacted);
        }

        var result = Address().Replace(scrubbed.ToString(), match => RecipientMask.Mask(match.Value));
        result = Base64Run().Replace(result, match => LooksEncoded(match.Value) ? Redacted : match.Value);
        result = PaddedBase64Run().Replace(result, Redacted);
        result = Spaces().Replace(result, " ").Trim();
        return result.Length <= MaxLength ? result : string.Concat(result.AsSpan(0, MaxLength), "…");
    }

    /// <summary>
    /// Returns <paramref name="exception"/> retold without the server's text when it comes from MailKit or MimeKit
    /// (whose messages quote replies), so that no raw reply is reachable from an <see cref="EmailSendException"/>;
    /// other exceptions (socket, I/O, TLS, timeout: their text comes from .NET) are returned as they are.
    /// </summary>
    public Exception? Retell(Exception? exception) =>
        exception is not null && IsFromMailKit(exception) ? new ScrubbedSmtpException(exception, this) : exception;

    /// <summary>Returns whether <paramref name="exception"/> is one of MailKit's or MimeKit's types.</summary>
    public static bool IsFromMailKit(Exception exception)
    {
        var assembly = exception.GetType().Assembly;
        return assembly == typeof(MailKit.ProtocolException).Assembly || assembly == typeof(MimeKit.ParseException).Assembly;
    }

    private static void AddWithBase64(List<string> secrets, string secret)
    {
        secrets.Add(secret);
        secrets.Add(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)));
    }

    /// <summary>A run of the base64 alphabet that is not an ordinary word: a digit, <c>+</c>, <c>/</c>, padding, or an upper-case letter after a lower-case one.</summary>
    private static bool LooksEncoded(string run)
    {
        var lower = false;
        for (var i = 0; i < run.Length; i++)
        {
            var c = run[i];
            if (char.IsAsciiDigit(c) || c is '+' or '/' or '=' || (lower && char.IsAsciiLetterUpper(c)))
            {
                return true;
            }

            lower |= char.IsAsciiLetterLower(c);
        }

        return false;
    }

    [GeneratedRegex(@" {2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"[^\s<>()\[\]{},;:""'@]+@[^\s<>()\[\]{},;:""'@]+", RegexOptions.CultureInvariant)]
    private static partial Regex Address();

    [GeneratedRegex(@"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{16,}={0,2}(?![A-Za-z0-9+/=])", RegexOptions.CultureInvariant)]
    private static partial Regex Base64Run();

    [GeneratedRegex(@"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{8,}={1,2}(?![A-Za-z0-9+/=])", RegexOptions.CultureInvariant)]
    private static partial Regex PaddedBase64Run();
}
