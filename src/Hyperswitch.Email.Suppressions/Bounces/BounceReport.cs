using MimeKit;

namespace Hyperswitch.Email.Suppressions.Bounces;

/// <summary>What a message of the bounce mailbox reports: per-recipient delivery failures (RFC 3464) or a complaint (RFC 5965).</summary>
internal sealed class BounceReport
{
    private BounceReport(string kind, string? originalMessageId, string? originalStream, IReadOnlyList<(string Address, string Status, bool Failed)> recipients, string? feedbackType)
    {
        Kind = kind;
        OriginalMessageId = originalMessageId;
        OriginalStream = originalStream;
        Recipients = recipients;
        FeedbackType = feedbackType;
    }

    /// <summary><c>dsn</c>, <c>arf</c> or <c>other</c>.</summary>
    public string Kind { get; }

    public string? OriginalMessageId { get; }

    public string? OriginalStream { get; }

    /// <summary>For a DSN, each recipient with its status code and whether its action is <c>failed</c>; for an ARF report, the complaining recipients.</summary>
    public IReadOnlyList<(string Address, string Status, bool Failed)> Recipients { get; }

    public string? FeedbackType { get; }

    public static BounceReport Parse(MimeMessage message)
    {
        var report = Find<MultipartReport>(message.Body);
        if (report is null)
        {
            return new BounceReport("other", null, null, [], null);
        }

        var (originalId, originalStream, originalTo) = Original(report);
        if (report.ReportType is { } type && type.Contains("delivery-status", StringComparison.OrdinalIgnoreCase)
            && Find<MessageDeliveryStatus>(report) is { } status)
        {
            var recipients = new List<(string, string, bool)>();
            foreach (var group in status.StatusGroups.Skip(1))
            {
                var address = TypedAddress(group["Final-Recipient"]) ?? TypedAddress(group["Original-Recipient"]);
                var code = StatusCode(group["Status"]);
                if (address is not null && code is not null)
                {
                    recipients.Add((address, code, string.Equals(group["Action"]?.Trim(), "failed", StringComparison.OrdinalIgnoreCase)));
                }
            }

            return new BounceReport("dsn", originalId, originalStream, recipients, null);
        }

        if (report.ReportType is { } arf && arf.Equals("feedback-report", StringComparison.OrdinalIgnoreCase)
            && Find<MessageFeedbackReport>(report) is { } feedback)
        {
            var recipients = feedback.Fields.Where(h => h.Field.Equals("Original-Rcpt-To", StringComparison.OrdinalIgnoreCase))
                .Select(h => h.Value.Trim().Trim('<', '>')).Where(a => a.Contains('@', StringComparison.Ordinal)).ToList();
            if (recipients.Count == 0)
            {
                recipients.AddRange(originalTo);
            }

            return new BounceReport("arf", originalId, originalStream, recipients.Select(a => (a, string.Empty, true)).ToList(), feedback.Fields["Feedback-Type"]?.Trim());
        }

        return new BounceReport("other", originalId, originalStream, [], null);
    }

    /// <summary>The reported message's <c>Message-ID</c>, stream and <c>To</c> addresses, from its <c>message/rfc822</c> or <c>text/rfc822-headers</c> part.</summary>
    private static (string? MessageId, string? Stream, IReadOnlyList<string> To) Original(MultipartReport report)
    {
        HeaderList? headers = null;
        foreach (var part in report)
        {
            if (part is MessagePart { Message: { } original })
            {
                headers = original.Headers;
                break;
            }

            if (part is MimePart text && text.ContentType.IsMimeType("text", "rfc822-headers") && text.Content is { } content)
            {
                using var stream = content.Open();
                try
                {
                    headers = HeaderList.Load(stream);
                }
                catch (FormatException)
                {
                }

                break;
            }
        }

        if (headers is null)
        {
            return (null, null, []);
        }

        var id = headers[HeaderId.MessageId] is { } raw ? MimeKit.Utils.MimeUtils.EnumerateReferences(raw).FirstOrDefault() : null;
        var to = headers[HeaderId.To] is { } list && InternetAddressList.TryParse(list, out var parsed)
            ? parsed.Mailboxes.Select(m => m.Address).ToList()
            : [];
        return (id, headers[EmailStreams.HeaderName]?.Trim(), to);
    }

    private static T? Find<T>(MimeEntity? entity)
        where T : MimeEntity
    {
        if (entity is T match)
        {
            return match;
        }

        return entity is Multipart multipart ? multipart.Select(Find<T>).OfType<T>().FirstOrDefault() : null;
    }

    /// <summary><c>rfc822; jane@example.com</c> → <c>jane@example.com</c>.</summary>
    private static string? TypedAddress(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        var address = (semicolon >= 0 ? value[(semicolon + 1)..] : value).Trim().Trim('<', '>');
        return address.Contains('@', StringComparison.Ordinal) ? address : null;
    }

    /// <summary><c>5.1.1 (user unknown)</c> → <c>5.1.1</c>.</summary>
    private static string? StatusCode(string? value)
    {
        var code = value?.Trim().Split(' ', '(')[0];
        return code is { Length: >= 5 } && (code[0] is '2' or '4' or '5') && code[1] == '.' ? code : null;
    }
}
