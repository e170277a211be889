using MimeKit;

namespace Hyperswitch.Email.Internal;

/// <summary>Turns an <see cref="EmailAddress"/> into a MimeKit mailbox, or says which field is wrong and why.</summary>
internal static class AddressParser
{
    private static readonly ParserOptions Strict = CreateStrictOptions();

    /// <summary>Parses a bare address such as <c>jane@example.com</c> and returns why it is not one, or <see langword="null"/>.</summary>
    public static string? TryParse(string? address, out MailboxAddress? mailbox)
    {
        mailbox = null;
        if (string.IsNullOrWhiteSpace(address))
        {
            return "is empty";
        }

        if (HeaderText.HasControlCharacter(address))
        {
            return "contains a control character (CR, LF or NUL)";
        }

        var trimmed = address.Trim();
        if (!trimmed.Contains('@', StringComparison.Ordinal))
        {
            return "has no '@'";
        }

        if (!MailboxAddress.TryParse(Strict, trimmed, out var parsed)
            || parsed.Route.Count > 0
            || string.IsNullOrEmpty(parsed.Domain)
            || string.IsNullOrEmpty(parsed.LocalPart))
        {
            return "is not a valid email address";
        }

        if (!string.IsNullOrEmpty(parsed.Name))
        {
            return "must be a bare address such as jane@example.com, without a display name or comment (give the display name separately)";
        }

        if (LengthProblem(parsed.Address) is { } tooLong)
        {
            return tooLong;
        }

        mailbox = parsed;
        return null;
    }

    /// <summary>Converts <paramref name="address"/> from <paramref name="field"/> into a mailbox.</summary>
    /// <exception cref="EmailParseException">The address is not a valid email address.</exception>
    /// <exception cref="EmailBuildException">The display name contains a control character.</exception>
    public static MailboxAddress Parse(EmailAddress address, string field)
    {
        var problem = TryParse(address.Address, out var mailbox);
        if (problem is not null)
        {
            throw new EmailParseException(field, $"The address in {field} {problem}.");
        }

        if (address.DisplayName is { } name)
        {
            if (HeaderText.HasControlCharacter(name))
            {
                throw new EmailBuildException(
                    $"{field}.DisplayName",
                    $"The display name in {field} must not contain CR, LF, NUL or other control characters.");
            }

            mailbox!.Name = name.Trim();
        }

        return mailbox!;
    }

    /// <summary>The limits of RFC 5321 section 4.5.3.1, in octets as sent (the local part in UTF-8, the domain in its ASCII form).</summary>
    public const int MaxLocalPart = 64;

    /// <inheritdoc cref="MaxLocalPart"/>
    public const int MaxDomain = 255;

    /// <summary>The longest path, <c>&lt;local@domain&gt;</c>, brackets included.</summary>
    public const int MaxPath = 256;

    private static string? LengthProblem(string address)
    {
        var at = address.LastIndexOf('@');
        var localPart = System.Text.Encoding.UTF8.GetByteCount(address.AsSpan(0, at));
        var domain = AsciiDomainLength(address[(at + 1)..]);
        if (localPart > MaxLocalPart)
        {
            return $"has a local part (before the '@') of {localPart} octets, over the {MaxLocalPart} that SMTP allows (RFC 5321)";
        }

        if (domain > MaxDomain)
        {
            return $"has a domain of {domain} octets, over the {MaxDomain} that SMTP allows (RFC 5321)";
        }

        var path = localPart + 1 + domain + 2;
        return path > MaxPath
            ? $"is {path - 2} octets long, over the {MaxPath - 2} that SMTP allows (RFC 5321: {MaxPath} for the path, brackets included)"
            : null;
    }

    private static int AsciiDomainLength(string domain)
    {
        if (System.Text.Ascii.IsValid(domain))
        {
            return domain.Length;
        }

        try
        {
            return new System.Globalization.IdnMapping().GetAscii(domain).Length;
        }
        catch (ArgumentException)
        {
            return System.Text.Encoding.UTF8.GetByteCount(domain);
        }
    }

    private static ParserOptions CreateStrictOptions()
    {
        var options = ParserOptions.Default.Clone();
        options.AddressParserComplianceMode = RfcComplianceMode.Strict;
        options.AllowAddressesWithoutDomain = false;
        options.AllowUnquotedCommasInAddresses = false;
        return options;
    }
}
